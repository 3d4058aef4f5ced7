package io.promptwave.core.decode;

import ai.djl.ndarray.NDArray;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.SpeechModel;

/**
 * The encoder's CTC log-probabilities for a batch, copied to the heap once: the beam search scores
 * prefixes with them and the transcriber aligns words to them.
 */
public final class CtcPosteriors {
    private final float[][] rows;
    private final int vocab;

    private CtcPosteriors(float[][] rows, int vocab) {
        this.rows = rows;
        this.vocab = vocab;
    }

    /**
     * @param model a model with a CTC head
     * @param encoded the encoder output of a batch
     * @return the batch's CTC log-probabilities
     * @throws IllegalStateException when the model has no CTC head
     */
    public static CtcPosteriors of(SpeechModel model, Backbone.Encoded encoded) {
        NDArray logProbs = model.backbone().ctcLogits(model.store(), encoded, false).logSoftmax(-1);
        int padded = (int) logProbs.getShape().get(1);
        int vocab = (int) logProbs.getShape().get(2);
        float[] all = logProbs.toFloatArray();
        // each row cut to its valid frames once, here, for every reader
        float[][] rows = new float[encoded.frameLengths().length][];
        for (int b = 0; b < rows.length; b++) {
            rows[b] = new float[encoded.frameLengths()[b] * vocab];
            System.arraycopy(all, b * padded * vocab, rows[b], 0, rows[b].length);
        }
        return new CtcPosteriors(rows, vocab);
    }

    /**
     * @param picked rows of this batch
     * @return those rows, in that order, as a batch of their own (the rows are shared, not copied)
     */
    public CtcPosteriors select(long[] picked) {
        float[][] chosen = new float[picked.length][];
        for (int j = 0; j < picked.length; j++) {
            chosen[j] = rows[(int) picked[j]];
        }
        return new CtcPosteriors(chosen, vocab);
    }

    /** @return classes per frame */
    public int vocab() {
        return vocab;
    }

    /** @return valid frames of row {@code b} */
    public int frames(int b) {
        return rows[b].length / vocab;
    }

    /** @return row {@code b}'s valid frames, row-major {@code [frames(b), vocab]}; shared, do not modify */
    public float[] row(int b) {
        return rows[b];
    }
}
