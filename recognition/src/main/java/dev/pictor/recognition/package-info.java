/**
 * Recognition on top of embeddings: the SQLite gallery, 1:1 verification, 1:K open-set
 * identification by exact nearest-neighbour search, threshold calibration and the LFW and
 * identification evaluation protocols. Pure Java apart from the SQLite driver.
 */
package dev.pictor.recognition;
