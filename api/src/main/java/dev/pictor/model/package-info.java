/** Model cards: what a model is, how to feed it, how to read its output, where it came from. */
package dev.pictor.model;
