/**
 * Gradient-based optimisers over flat parameter vectors, shared by fine-tuning ({@code
 * pictor-learning}, double parameters) and Gatys style transfer ({@code pictor-style}, float
 * pixels). Plain Java: no engine, no dependencies.
 */
package dev.pictor.optimize;
