package io.promptwave.core.decode;

import io.promptwave.core.text.CharNgramModel;

/**
 * How to search for a transcript. Immutable; build with {@link #builder()}. The default is greedy
 * search on the attention decoder alone.
 *
 * @param beamSize hypotheses kept per utterance (1: greedy)
 * @param ctcWeight weight {@code λ} of the CTC prefix score in {@code (1 - λ) log P_att + λ log P_ctc}
 *     (0: attention only; 1 with a beam of 1: greedy CTC decoding, no decoder); needs a model with a CTC head
 * @param lengthNormalization exponent {@code α}: finished hypotheses are ranked by
 *     {@code score / (tokens + 1)^α} (0: raw score, which favours short outputs)
 * @param languageModel a byte n-gram model of the output's language (of spoken-form text for transcripts,
 *     of written-form text for text lines), or null
 * @param lmWeight weight {@code β} of its log-probability, added to the score of every byte and of the
 *     end (shallow fusion); 0 without a model. Only beam search fuses it, and only for transcripts in
 *     the model's language: other languages and outputs with markup (slot filling) decode without it.
 */
public record DecodingOptions(int beamSize, double ctcWeight, double lengthNormalization,
        CharNgramModel languageModel, double lmWeight) {

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
        if (!(lmWeight >= 0 && lmWeight <= 2)) {
            throw new IllegalArgumentException("language model weight must be between 0 and 2, got " + lmWeight);
        }
        if (lmWeight > 0 && languageModel == null) {
            throw new IllegalArgumentException("a language model weight of " + lmWeight
                    + " needs a language model, and the model has none");
        }
    }

    /** @return whether beam search fuses a language model */
    public boolean fusesLanguageModel() {
        return languageModel != null && lmWeight > 0;
    }

    /** @return a short description: {@code greedy}, {@code greedy CTC} or the beam settings */
    public String describe() {
        if (beamSize == 1 && (ctcWeight == 0 || ctcWeight == 1)) {
            return ctcWeight == 0 ? "greedy" : "greedy CTC";
        }
        String beam = String.format(java.util.Locale.ROOT, "beam %d, CTC weight %.2f, length norm %.2f", beamSize,
                ctcWeight, lengthNormalization);
        return fusesLanguageModel() ? beam + String.format(java.util.Locale.ROOT, ", %d-gram LM weight %.2f",
                languageModel.order(), lmWeight) : beam;
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
        private CharNgramModel languageModel;
        private double lmWeight;

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

        /**
         * @param model the byte n-gram model, or null for none
         * @param weight its weight in the score
         * @return this, with shallow fusion of that model
         */
        public Builder optLanguageModel(CharNgramModel model, double weight) {
            languageModel = model;
            lmWeight = weight;
            return this;
        }

        /** @return the options */
        public DecodingOptions build() {
            return new DecodingOptions(beamSize, ctcWeight, lengthNormalization, languageModel, lmWeight);
        }
    }
}
