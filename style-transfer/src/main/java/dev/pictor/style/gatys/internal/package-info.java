/**
 * Internals of the Gatys style transfer: weight resolution, ONNX sessions for targets and for the
 * cost-and-gradient graph, image planes, and the optimisers. Not an API.
 */
package dev.pictor.style.gatys.internal;
