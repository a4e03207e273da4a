/**
 * The model forge: reads published weights (TF.js weight manifests) and writes ONNX graphs with the
 * ONNX protobuf classes, so that every network Pictor runs is an ONNX Runtime session.
 */
package dev.pictor.forge;
