/**
 * The model store: finds a model by id (packaged resources of {@code pictor-models} first, then the
 * model directories), checks every file against its sha256, and reads and writes model cards.
 */
package dev.pictor.onnx.store;
