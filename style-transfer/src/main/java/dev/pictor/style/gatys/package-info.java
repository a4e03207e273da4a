/**
 * Neural style transfer by optimisation (Gatys, Ecker and Bethge 2015/2016): {@link
 * dev.pictor.style.gatys.GatysStyleTransfer} changes the pixels of an image by gradient descent so
 * that its VGG-19 activations match a content photo and its Gram matrices match a style painting. J
 * and dJ/dpixel come from one ONNX graph built by the forge, so ONNX Runtime (CPU or CUDA) does all
 * the network work; Adam and L-BFGS run in Java. Options: {@link
 * dev.pictor.style.gatys.GatysOptions}; defaults and examples: {@code docs/GATYS.md}.
 */
package dev.pictor.style.gatys;
