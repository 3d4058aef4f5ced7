package io.promptwave.core.train;

import io.promptwave.features.FeatureSequence;

/**
 * One utterance to learn from: its normalised features, the tokens that open the decoder's
 * output (task, language) and the tokens it must produce. A text-only example ({@link #text})
 * has no features: the decoder learns it as a language model, reading no input.
 *
 * @param id utterance id
 * @param features normalised input features; null for a text-only example
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
        if (features == null && ctcLabels != null) {
            throw new IllegalArgumentException(id + ": no input features, yet CTC targets for an encoder to read");
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

    /**
     * A sentence for the decoder alone, learnt as a language model: the decoder reads no input (a
     * single zero vector stands in for the encoder's output), so only what it writes is taught.
     *
     * @param id where the sentence comes from
     * @param prefix forced decoder tokens, e.g. {@code <asr> <en>}
     * @param labels the sentence's tokens, without {@code <eos>}
     * @return the example
     */
    public static TrainingExample text(String id, int[] prefix, int[] labels) {
        return new TrainingExample(id, null, prefix, labels, null);
    }

    /** @return whether this is a text-only example (no input features) */
    public boolean textOnly() {
        return features == null;
    }

    /** @return input frames, or for a text-only example its decoder tokens (what a batch's size counts) */
    public int length() {
        return textOnly() ? prefix.length + labels.length : features.frames();
    }

    /** @return the input's feature size; 0 for a text-only example, which is batched with its own kind */
    public int dims() {
        return textOnly() ? 0 : features.dims();
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
