package io.promptwave.core.decode;

import ai.djl.ndarray.NDArray;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.SpeechModel;

/**
 * The encoder's CTC log-probabilities for a batch, copied to the heap once: the beam search scores
 * prefixes with them and the transcriber aligns words to them.
 */
public final class CtcPosteriors {
    private final float[] all;
    private final int[] frameLengths;
    private final int paddedFrames;
    private final int vocab;

    private CtcPosteriors(float[] all, int[] frameLengths, int paddedFrames, int vocab) {
        this.all = all;
        this.frameLengths = frameLengths;
        this.paddedFrames = paddedFrames;
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
        return new CtcPosteriors(logProbs.toFloatArray(), encoded.frameLengths(), (int) logProbs.getShape().get(1),
                (int) logProbs.getShape().get(2));
    }

    /** @return classes per frame */
    public int vocab() {
        return vocab;
    }

    /** @return valid frames of row {@code b} */
    public int frames(int b) {
        return frameLengths[b];
    }

    /** @return row {@code b}'s valid frames, row-major {@code [frames(b), vocab]} */
    public float[] row(int b) {
        float[] row = new float[frameLengths[b] * vocab];
        System.arraycopy(all, b * paddedFrames * vocab, row, 0, row.length);
        return row;
    }
}
