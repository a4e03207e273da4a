/**
 * JMH benchmarks of Pictor's face encoder against OpenCV's DNN module running the same ONNX model,
 * with the helpers they need: real face crops, an OpenCV DNN encoder, a parity check between the
 * two runtimes and a FLOP counter for ONNX graphs. Not part of the published SDK.
 */
package dev.pictor.benchmarks;
