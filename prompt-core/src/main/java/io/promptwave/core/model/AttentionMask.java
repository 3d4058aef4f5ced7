package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Attention masks as additive biases: 0 where attention is allowed and {@link #BLOCKED} where it
 * is not, added to the scores before the softmax. A bias is one addition per attention call,
 * where a boolean mask would need a select and a filled tensor.
 */
public final class AttentionMask {
    /** Large and negative but finite, so a fully blocked row gives a uniform softmax instead of NaN. */
    public static final float BLOCKED = -1e9f;

    private AttentionMask() {
    }

    /**
     * @param keyMask {@code [B, Tk]} booleans, true on real keys
     * @return {@code [B, 1, 1, Tk]} bias
     */
    public static NDArray keyBias(NDArray keyMask) {
        Shape s = keyMask.getShape();
        NDArray blocked = keyMask.logicalNot().toType(DataType.FLOAT32, false).mul(BLOCKED);
        return blocked.reshape(s.get(0), 1, 1, s.get(1));
    }

    /**
     * Bias that also stops each query from seeing later positions: query {@code i} (of {@code tq},
     * the last {@code tq} of {@code tk} positions) sees keys up to {@code tk - tq + i}.
     *
     * @param manager where the mask lives
     * @param keyMask {@code [B, Tk]} booleans, true on real keys
     * @param tq number of queries
     * @return {@code [B, 1, Tq, Tk]} bias
     */
    public static NDArray causalBias(NDManager manager, NDArray keyMask, long tq) {
        long tk = keyMask.getShape().get(1);
        float[] causal = new float[(int) (tq * tk)];
        for (int i = 0; i < tq; i++) {
            for (long j = tk - tq + i + 1; j < tk; j++) {
                causal[(int) (i * tk + j)] = BLOCKED;
            }
        }
        NDArray future = manager.create(causal, new Shape(1, 1, tq, tk));
        return keyBias(keyMask).add(future);
    }

    /**
     * @param manager where the mask lives
     * @param lengths valid positions per row
     * @param width padded length
     * @return {@code [B, width]} booleans, true on the first {@code lengths[b]} positions
     */
    public static NDArray fromLengths(NDManager manager, int[] lengths, int width) {
        boolean[] valid = new boolean[lengths.length * width];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < Math.min(width, lengths[b]); t++) {
                valid[b * width + t] = true;
            }
        }
        return manager.create(valid, new Shape(lengths.length, width));
    }
}
