/**
 * Implementation details of {@code dev.pictor.learning}: ONNX graph surgery on the stock encoder
 * and the ONNX Runtime session of its trunk. Not an API; may change at any time.
 */
package dev.pictor.learning.internal;
