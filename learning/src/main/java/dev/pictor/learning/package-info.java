/**
 * Learning embeddings: the triplet loss and triplet miners ({@link
 * dev.pictor.learning.TripletLoss}, {@link dev.pictor.learning.TripletMiner}), fine-tuning the face
 * encoder's head with exact gradients and Adam ({@link dev.pictor.learning.TripletTrainer}),
 * exporting the result as a new ONNX encoder with its own model card ({@link
 * dev.pictor.learning.FineTunedEncoder}), and verification posed as binary classification on
 * embedding differences ({@link dev.pictor.learning.PairClassifier}).
 *
 * <p>Training runs on pooled 256-d features of the stock encoder's trunk, extracted once ({@link
 * dev.pictor.learning.FeatureExtractor}) and cached ({@link dev.pictor.learning.FeatureSet}); only
 * the head (the final fully-connected layer and a new projection) is trained.
 */
package dev.pictor.learning;
