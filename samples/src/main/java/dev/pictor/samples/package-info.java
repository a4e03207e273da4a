/**
 * The {@code pictor} command-line program: {@code pictor embed}, {@code pictor compare} and {@code
 * pictor models}, run from the single runnable jar {@code samples/target/pictor.jar} (see {@code
 * bin/pictor}).
 *
 * <p>Each subcommand is one small class, {@link dev.pictor.samples.PictorCli} wires them together
 * and maps errors to exit codes. They are written to be copied: every native resource is closed
 * with try-with-resources and no exception is swallowed.
 */
package dev.pictor.samples;
