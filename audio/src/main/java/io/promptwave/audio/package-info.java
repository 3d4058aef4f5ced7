/**
 * The audio front-end's shared types: decoded {@link io.promptwave.audio.PcmAudio} and the
 * {@link io.promptwave.audio.AudioFormatException} that names a bad input and its fault. Features
 * leave the module as {@link io.promptwave.features.FeatureSequence}, the type every front-end
 * hands to the model.
 *
 * <p>The module turns bytes into features and knows nothing of DJL, gRPC or the model. Its
 * sub-packages decode ({@code decode}), resample ({@code resample}), extract features
 * ({@code feature}), find speech ({@code segment}) and read and write numpy arrays ({@code npy}).
 */
package io.promptwave.audio;
