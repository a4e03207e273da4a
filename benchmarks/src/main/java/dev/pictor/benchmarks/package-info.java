/**
 * JMH benchmarks of Pictor (the face encoder against OpenCV DNN on the same ONNX model, the face
 * pipeline, identification in a large gallery) and the helpers they need: real face crops, an
 * OpenCV DNN encoder, a parity check between the two runtimes, a FLOP counter for ONNX graphs and a
 * timer/profiler of one encoder's ONNX Runtime session ({@code EncoderProfile}). Not part of the
 * published SDK; see {@code docs/PERFORMANCE.md} for commands and results.
 */
package dev.pictor.benchmarks;
