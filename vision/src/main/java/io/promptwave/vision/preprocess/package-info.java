/**
 * From a decoded image to the model's input: {@link io.promptwave.vision.preprocess.TextLineFinder}
 * finds the text bands of a page or a video frame,
 * {@link io.promptwave.vision.preprocess.LineNormalizer} brings a line to a fixed height (optionally
 * straightened by {@link io.promptwave.vision.preprocess.SkewEstimator}),
 * {@link io.promptwave.vision.preprocess.PatchExtractor} cuts it into patch vectors as a
 * {@link io.promptwave.features.FeatureSequence}, and
 * {@link io.promptwave.vision.preprocess.LineFeatureExtractor} fixes that chain's settings for a
 * model. {@link io.promptwave.vision.preprocess.ImageAugmenter} degrades training images
 * reproducibly.
 */
package io.promptwave.vision.preprocess;
