/**
 * Marker package of {@code pictor-models}: the jar carries converted models and their cards as
 * resources under {@code dev/pictor/models/}, found by the model store on the class path.
 */
package dev.pictor.models;
