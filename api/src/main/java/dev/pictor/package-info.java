/**
 * Pictor's entry point ({@link dev.pictor.Pictor}), execution devices and the exception hierarchy.
 *
 * <p>Everything in {@code pictor-api} is free of ONNX Runtime and OpenCV types; implementations are
 * found at run time through {@link dev.pictor.spi.BackendProvider}.
 */
package dev.pictor;
