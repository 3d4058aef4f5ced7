package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Fixed sinusoidal position encodings (Vaswani et al. 2017): no parameters, any length, and the
 * same value for a position whether it is computed in a full pass or in one decoding step.
 */
public final class SinusoidalPositions {
    private SinusoidalPositions() {
    }

    /**
     * @param manager where the table lives
     * @param start first position
     * @param length positions
     * @param dModel width (even)
     * @return {@code [1, length, dModel]}
     */
    public static NDArray table(NDManager manager, int start, int length, int dModel) {
        float[] values = new float[length * dModel];
        for (int p = 0; p < length; p++) {
            for (int i = 0; i < dModel / 2; i++) {
                double angle = (start + p) / Math.pow(10000, 2.0 * i / dModel);
                values[p * dModel + 2 * i] = (float) Math.sin(angle);
                values[p * dModel + 2 * i + 1] = (float) Math.cos(angle);
            }
        }
        return manager.create(values, new Shape(1, length, dModel));
    }
}
