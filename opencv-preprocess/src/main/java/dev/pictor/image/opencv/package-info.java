/**
 * Image decoding and resizing with OpenCV: files and byte arrays to {@link
 * dev.pictor.image.RgbImage}, and face crops to the {@link dev.pictor.face.FaceImage} an encoder
 * takes.
 *
 * <p>Everything here is stateless and thread-safe. OpenCV's native library is loaded once, on first
 * use; every native buffer a call allocates is released before the call returns, so nothing needs
 * closing. No OpenCV type appears in a public signature.
 */
package dev.pictor.image.opencv;
