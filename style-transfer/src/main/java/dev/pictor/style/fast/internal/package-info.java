/**
 * Implementation details of {@code dev.pictor.style.fast}: style cards, weight location and
 * conversion, tiling, blending and resampling. Not a public API; may change without notice.
 */
package dev.pictor.style.fast.internal;
