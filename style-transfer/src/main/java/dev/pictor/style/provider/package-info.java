/**
 * How {@code dev.pictor.Pictor} finds the style transfer methods of {@code pictor-style}: one
 * {@link dev.pictor.spi.StyleProvider} registered for {@link java.util.ServiceLoader}.
 */
package dev.pictor.style.provider;
