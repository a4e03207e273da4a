/**
 * Feed-forward style transfer: {@link dev.pictor.style.fast.FastStyleTransfer} implements {@link
 * dev.pictor.style.StyleTransfer} with trained transform networks (one per style), converted to
 * ONNX when opened from weights in the model directory and run by ONNX Runtime, in overlapping
 * tiles for large images.
 */
package dev.pictor.style.fast;
