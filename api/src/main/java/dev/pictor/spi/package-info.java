/** Service provider interface implemented by backends such as {@code pictor-onnx}. */
package dev.pictor.spi;
