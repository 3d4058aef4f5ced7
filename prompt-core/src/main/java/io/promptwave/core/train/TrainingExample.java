package io.promptwave.core.train;

import io.promptwave.features.FeatureSequence;

/**
 * One utterance to learn from: its normalised features, the tokens that open the decoder's
 * output (task, language) and the tokens it must produce.
 *
 * @param id utterance id
 * @param features normalised input features
 * @param prefix forced decoder tokens, e.g. {@code <asr> <en>}; no loss on them
 * @param labels output tokens (text bytes or pseudo subwords), without {@code <eos>}
 * @param ctcLabels the encoder's CTC targets: the transcript's bytes, which for slot filling are the
 *     labels without their markup; null when the CTC loss does not apply (pseudo subwords outrun 25 Hz)
 */
public record TrainingExample(String id, FeatureSequence features, int[] prefix, int[] labels, int[] ctcLabels) {
    /** Checks the parts. */
    public TrainingExample {
        if (prefix.length == 0) {
            throw new IllegalArgumentException(id + ": needs at least one forced decoder token (the task)");
        }
    }

    /**
     * @param id utterance id
     * @param features normalised input features
     * @param prefix forced decoder tokens
     * @param labels output tokens
     * @param ctc whether the CTC loss applies, with the labels as its targets
     */
    public TrainingExample(String id, FeatureSequence features, int[] prefix, int[] labels, boolean ctc) {
        this(id, features, prefix, labels, ctc ? labels : null);
    }

    /** @return whether the encoder's CTC loss applies */
    public boolean ctc() {
        return ctcLabels != null;
    }

    /** @return a copy with other features (SpecAugment's masked copy) */
    public TrainingExample withFeatures(FeatureSequence other) {
        return new TrainingExample(id, other, prefix, labels, ctcLabels);
    }
}
