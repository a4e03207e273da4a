package dev.pictor.style.gatys.internal;

/**
 * The costs of one image and the gradient of J with respect to its pixels.
 *
 * @param cost J
 * @param content J_content
 * @param style J_style
 * @param tv J_tv
 * @param gradient dJ/dpixel, planar RGB (owned by the receiver)
 */
public record Evaluation(double cost, double content, double style, double tv, float[] gradient) {}
