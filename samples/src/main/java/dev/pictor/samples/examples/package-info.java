/**
 * Short example programs to copy, each a {@code main} method under 60 lines that uses Pictor's
 * public API directly: {@link dev.pictor.samples.examples.VerifyTwoPhotos} (1:1 verification of two
 * photos) and {@link dev.pictor.samples.examples.EnrollAndRecognise} (enroll a folder of people in
 * a gallery, then recognise the people in a photo). The {@code pictor} command line ({@link
 * dev.pictor.samples.PictorCli}) does the same with more options and reporting.
 */
package dev.pictor.samples.examples;
