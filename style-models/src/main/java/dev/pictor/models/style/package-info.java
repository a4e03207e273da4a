/**
 * What {@code pictor-style-models} carries ({@link dev.pictor.models.style.StyleModels}): as
 * resources under {@code dev/pictor/models/}, the weights of the four feed-forward style networks
 * ({@code fast-style-ml5/<style>/}) and of VGG-19 blocks 1-3 ({@code vgg19-tfjs/}), copied at build
 * time from the shared model directory and checked against the cards in {@code pictor-style}.
 * {@code pictor-style} finds them on the class path after any model directory.
 */
package dev.pictor.models.style;
