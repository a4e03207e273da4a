/**
 * Recognition on top of embeddings: the SQLite gallery, 1:1 verification, 1:K open-set
 * identification by exact nearest-neighbour search, score-level fusion of two encoders ({@link
 * dev.pictor.recognition.FusionPreset}, {@link dev.pictor.recognition.FusedVerifier}, {@link
 * dev.pictor.recognition.FusedRecognizer}), threshold calibration and the LFW and identification
 * evaluation protocols. Pure Java apart from the SQLite driver.
 */
package dev.pictor.recognition;
