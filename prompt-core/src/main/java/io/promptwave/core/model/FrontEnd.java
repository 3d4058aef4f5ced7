package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A modality's input front-end: maps a padded batch of feature frames {@code [B, T, F]} to model
 * vectors {@code [B, T', D]}. Audio subsamples fbank frames by convolution; the vision issue's
 * image front-end projects patch columns. Everything after the front-end is shared.
 */
public interface FrontEnd {

    /** @return the modality this front-end reads, e.g. {@code audio} */
    String modality();

    /** @return the feature size {@code F} each input frame must have */
    int inputDims();

    /** @return how many output vectors {@code inputFrames} valid input frames give (0 when too short) */
    int outputLength(int inputFrames);

    /**
     * @param store parameters
     * @param features {@code [B, T, F]}, zero-padded
     * @param training whether gradients and dropout apply
     * @return {@code [B, outputLength(T), D]}
     */
    NDArray forward(ParameterStore store, NDArray features, boolean training);
}
