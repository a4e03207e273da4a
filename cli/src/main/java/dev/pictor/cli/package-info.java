/**
 * The {@code pictor} command-line program, run from the single runnable jar {@code
 * cli/target/pictor.jar} (see {@code bin/pictor}): {@code embed}, {@code compare} and {@code
 * verify} (1:1), {@code enroll}, {@code identify} and {@code gallery list|remove|rename} (1:K with
 * a SQLite gallery), {@code evaluate lfw|identify} (accuracy on labelled data) and {@code models}.
 *
 * <p>Each subcommand is one small class; {@link dev.pictor.cli.PictorCli} wires them together and
 * maps errors to exit codes. What several commands share lives in mixins ({@code AnalyzerMixin},
 * {@code ThresholdOption}, {@code GalleryOption}) and helpers ({@code FaceReader}, {@code
 * FaceComparison}). They are written to be copied: every native resource is closed with
 * try-with-resources and no exception is swallowed. Shorter examples that use the library directly
 * are in the {@code examples} module ({@code dev.pictor.examples}).
 */
package dev.pictor.cli;
