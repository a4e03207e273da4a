/**
 * Model cards: what a model is, how to feed it, where it came from (the header of {@link
 * dev.pictor.model.ModelCard}) and what its kind of model outputs (one {@link
 * dev.pictor.model.ModelSection} per {@link dev.pictor.model.ModelKind}).
 */
package dev.pictor.model;
