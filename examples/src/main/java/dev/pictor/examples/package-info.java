/**
 * Short example programs to copy, each a {@code main} method under 60 lines that uses Pictor's
 * public API directly: {@link dev.pictor.examples.VerifyTwoPhotos} (1:1 verification of two
 * photos), {@link dev.pictor.examples.EnrollAndRecognise} (enroll a folder of people in a gallery,
 * then recognise the people in a photo) and {@link dev.pictor.examples.StylizePhoto} (Gatys style
 * transfer). The {@code pictor} command line (module {@code cli}, {@code dev.pictor.cli.PictorCli})
 * does the same with more options and reporting; this module does not depend on it.
 */
package dev.pictor.examples;
