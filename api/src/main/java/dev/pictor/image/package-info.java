/**
 * Decoded images in memory, independent of any image library.
 *
 * <p>{@link dev.pictor.image.RgbImage} is the common currency between decoders (such as {@code
 * dev.pictor.image.opencv.Images} in the artifact {@code pictor-opencv}) and the networks. Types
 * here are immutable records that copy their arrays in and out; they own no native memory and need
 * no closing.
 */
package dev.pictor.image;
