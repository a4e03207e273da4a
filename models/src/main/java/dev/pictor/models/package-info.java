/**
 * The ids of the models of {@code pictor-models} ({@link dev.pictor.models.FaceModels}). The jar
 * carries the converted face-api networks, the YuNet detector and their cards as resources under
 * {@code dev/pictor/models/}, found by the model store on the class path after any model directory.
 */
package dev.pictor.models;
