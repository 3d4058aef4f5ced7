package io.promptwave.core.train;

import io.promptwave.audio.FeatureSequence;

/**
 * One utterance to learn from: its normalised features, the tokens that open the decoder's
 * output (task, language) and the tokens it must produce.
 *
 * @param id utterance id
 * @param features normalised input features
 * @param prefix forced decoder tokens, e.g. {@code <asr> <en>}; no loss on them
 * @param labels output tokens (text bytes or pseudo subwords), without {@code <eos>}
 * @param ctc whether the encoder's CTC loss applies (text targets; pseudo subwords outrun 25 Hz)
 */
public record TrainingExample(String id, FeatureSequence features, int[] prefix, int[] labels, boolean ctc) {
    /** Checks the parts. */
    public TrainingExample {
        if (prefix.length == 0) {
            throw new IllegalArgumentException(id + ": needs at least one forced decoder token (the task)");
        }
    }
}
