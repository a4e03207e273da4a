/**
 * Faces: encoders that map an aligned face to an embedding, the embeddings and their distances.
 *
 * <p>Value types here are immutable records that copy arrays in and out; they own no native memory.
 */
package dev.pictor.face;
