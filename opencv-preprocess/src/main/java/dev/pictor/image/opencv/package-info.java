/**
 * Image decoding and resizing with OpenCV: files, streams and byte arrays to {@link
 * dev.pictor.image.RgbImage}, and face crops to the {@link dev.pictor.face.FaceImage} an encoder
 * takes.
 *
 * <p>{@link dev.pictor.image.opencv.Images} reads JPEG, PNG, BMP and WebP, within the limits of an
 * {@link dev.pictor.image.opencv.ImageReadOptions}; its class comment says what happens to
 * greyscale, alpha, 16-bit samples, CMYK and EXIF orientation. Headers are parsed here, before
 * OpenCV sees the data, so oversized images and decompression bombs are refused without allocating
 * their pixels, and formats other than those four never reach OpenCV's decoders.
 *
 * <p>{@link dev.pictor.image.opencv.OpenCvFaceAligner} aligns faces to an encoder's template: a
 * least-squares {@link dev.pictor.image.opencv.SimilarityTransform} from the five landmarks, then a
 * bilinear warp in floating point.
 *
 * <p>Everything here is stateless or immutable, and thread-safe. OpenCV's native library is loaded
 * once, on first use; every native buffer a call allocates is released before the call returns, so
 * nothing needs closing. No OpenCV type appears in a public signature.
 */
package dev.pictor.image.opencv;
