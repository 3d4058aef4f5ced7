/**
 * What the modality front-ends share with each other and with the model:
 * {@link io.promptwave.features.FeatureSequence}, a frames × dims matrix with its frame rate and
 * source; {@link io.promptwave.features.InputFormatException}, the parent of each front-end's
 * bad-input error; and {@link io.promptwave.features.InputFile}, the checks made before a user's
 * file is opened. It is a module of its own so that {@code audio} and {@code vision} share these
 * without depending on each other.
 */
package io.promptwave.features;
