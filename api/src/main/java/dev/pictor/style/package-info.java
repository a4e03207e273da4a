/**
 * Neural style transfer: {@link dev.pictor.style.StyleTransfer} renders a content photo in a style,
 * either by optimising the image (Gatys et al.) or by one pass of a trained transform network. Both
 * kinds are used through the same interface, so code that stylises does not change when the method
 * does; implementations live in {@code pictor-style}.
 */
package dev.pictor.style;
