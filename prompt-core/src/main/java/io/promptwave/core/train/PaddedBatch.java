package io.promptwave.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.promptwave.features.FeatureSequence;
import java.util.List;

/**
 * Feature sequences of different lengths as one zero-padded tensor {@code [batch, frames, dims]}
 * with their lengths and a validity mask {@code [batch, frames]}. The arrays belong to the given
 * manager: create it in a per-batch child manager and close that after the step.
 *
 * @param features the padded features
 * @param lengths valid frames per utterance
 * @param mask true on valid frames
 */
public record PaddedBatch(NDArray features, int[] lengths, NDArray mask) {

    /** Pads {@code utterances}, which must share one feature size. */
    public static PaddedBatch of(NDManager manager, List<FeatureSequence> utterances) {
        if (utterances.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one utterance");
        }
        int dims = utterances.get(0).dims();
        int longest = 0;
        for (FeatureSequence u : utterances) {
            if (u.dims() != dims) {
                throw new IllegalArgumentException(u.source() + ": " + u.dims() + " dims in a batch of " + dims);
            }
            longest = Math.max(longest, u.frames());
        }
        int batch = utterances.size();
        float[] data = new float[batch * longest * dims];
        boolean[] valid = new boolean[batch * longest];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            FeatureSequence u = utterances.get(b);
            lengths[b] = u.frames();
            float[] rows = u.toRowMajor();
            System.arraycopy(rows, 0, data, b * longest * dims, rows.length);
            for (int f = 0; f < u.frames(); f++) {
                valid[b * longest + f] = true;
            }
        }
        return new PaddedBatch(manager.create(data, new Shape(batch, longest, dims)), lengths,
                manager.create(valid, new Shape(batch, longest)));
    }
}
