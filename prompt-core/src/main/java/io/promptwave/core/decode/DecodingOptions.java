package io.promptwave.core.decode;

/**
 * How to search for a transcript. Immutable; build with {@link #builder()}. The default is greedy
 * search on the attention decoder alone.
 *
 * @param beamSize hypotheses kept per utterance (1: greedy)
 * @param ctcWeight weight {@code λ} of the CTC prefix score in {@code (1 - λ) log P_att + λ log P_ctc}
 *     (0: attention only; 1 with a beam of 1: greedy CTC decoding, no decoder); needs a model with a CTC head
 * @param lengthNormalization exponent {@code α}: finished hypotheses are ranked by
 *     {@code score / (tokens + 1)^α} (0: raw score, which favours short outputs)
 */
public record DecodingOptions(int beamSize, double ctcWeight, double lengthNormalization) {

    /** Greedy search on the attention decoder. */
    public static final DecodingOptions GREEDY = builder().build();

    /** Checks the ranges. */
    public DecodingOptions {
        if (beamSize < 1 || beamSize > 64) {
            throw new IllegalArgumentException("beam size must be between 1 and 64, got " + beamSize);
        }
        if (!(ctcWeight >= 0 && ctcWeight <= 1)) {
            throw new IllegalArgumentException("CTC weight must be between 0 and 1, got " + ctcWeight);
        }
        if (!(lengthNormalization >= 0 && lengthNormalization <= 2)) {
            throw new IllegalArgumentException("length normalisation must be between 0 and 2, got "
                    + lengthNormalization);
        }
    }

    /** @return a short description: {@code greedy}, {@code greedy CTC} or the beam settings */
    public String describe() {
        if (beamSize == 1 && (ctcWeight == 0 || ctcWeight == 1)) {
            return ctcWeight == 0 ? "greedy" : "greedy CTC";
        }
        return String.format(java.util.Locale.ROOT, "beam %d, CTC weight %.2f, length norm %.2f", beamSize, ctcWeight,
                lengthNormalization);
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder; every field has a default. */
    public static final class Builder {
        private int beamSize = 1;
        private double ctcWeight;
        private double lengthNormalization = 1;

        /** @return this, with the beam size */
        public Builder optBeamSize(int v) {
            beamSize = v;
            return this;
        }

        /** @return this, with the CTC prefix score's weight */
        public Builder optCtcWeight(double v) {
            ctcWeight = v;
            return this;
        }

        /** @return this, with the length normalisation exponent */
        public Builder optLengthNormalization(double v) {
            lengthNormalization = v;
            return this;
        }

        /** @return the options */
        public DecodingOptions build() {
            return new DecodingOptions(beamSize, ctcWeight, lengthNormalization);
        }
    }
}
