/**
 * The behaviour every {@link dev.pictor.face.Gallery} shares, as an abstract JUnit class ({@link
 * dev.pictor.recognition.contract.GalleryContract}) that each implementation's test extends;
 * shipped in pictor-recognition's test-jar.
 */
package dev.pictor.recognition.contract;
