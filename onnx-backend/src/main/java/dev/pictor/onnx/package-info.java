/**
 * The ONNX Runtime backend: {@link dev.pictor.onnx.OnnxBackendProvider} (found by {@code
 * ServiceLoader}) and the encoder it opens.
 */
package dev.pictor.onnx;
