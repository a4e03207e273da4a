/** Internals of the ONNX Runtime backend: device mapping and guarded sessions. Not an API. */
package dev.pictor.onnx.internal;
