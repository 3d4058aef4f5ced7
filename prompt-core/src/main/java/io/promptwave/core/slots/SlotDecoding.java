package io.promptwave.core.slots;

import io.promptwave.core.decode.DecodingOptions;
import java.util.Locale;

/**
 * How an {@link Understander} reads intent and slots. Immutable; build with {@link #builder()}. The
 * default is greedy search, any markup, and the single most probable intent.
 *
 * @param search the search for the transcript and its tags (a CTC weight of 1 cannot write tags)
 * @param wellFormed whether the search may write only well-formed tags of the schema's slot types
 *     ({@link SlotSyntax#constrained}) rather than anything ({@link SlotSyntax#markup})
 * @param intentCandidates how many of the most probable intents the rest of the output is decoded
 *     after: with more than one, the intent whose whole output (intent, transcript and tags) the model
 *     finds most probable wins. The first guess of the intent is made before a word is written; an
 *     utterance whose words fit another intent better is corrected this way, at the cost of one search
 *     per candidate.
 */
public record SlotDecoding(DecodingOptions search, boolean wellFormed, int intentCandidates) {

    /** Checks the ranges. */
    public SlotDecoding {
        if (search == null) {
            throw new IllegalArgumentException("the search options are missing");
        }
        if (intentCandidates < 1 || intentCandidates > 16) {
            throw new IllegalArgumentException("intent candidates must be between 1 and 16, got " + intentCandidates);
        }
    }

    /** @return a short description, e.g. {@code beam 4, ..., well-formed tags, up to 3 intent candidates} */
    public String describe() {
        String out = search.describe() + (wellFormed ? ", well-formed tags" : "");
        return intentCandidates == 1 ? out : out + String.format(Locale.ROOT, ", up to %d intent candidates",
                intentCandidates);
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link SlotDecoding}s. */
    public static final class Builder {
        private DecodingOptions search = DecodingOptions.GREEDY;
        private boolean wellFormed;
        private int intentCandidates = 1;

        private Builder() {
        }

        /**
         * @param v the transcript search
         * @return this builder
         */
        public Builder optSearch(DecodingOptions v) {
            search = v;
            return this;
        }

        /**
         * @param v whether only well-formed tags of the schema may be written
         * @return this builder
         */
        public Builder optWellFormed(boolean v) {
            wellFormed = v;
            return this;
        }

        /**
         * @param v how many intents the output is decoded after (1 to 16)
         * @return this builder
         */
        public Builder optIntentCandidates(int v) {
            intentCandidates = v;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException when a value is out of range
         */
        public SlotDecoding build() {
            return new SlotDecoding(search, wellFormed, intentCandidates);
        }
    }
}
