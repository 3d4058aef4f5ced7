package io.promptwave.core.artifact;

import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.slots.IntentPosition;
import io.promptwave.core.slots.SlotDecoding;
import io.promptwave.core.text.CharNgramModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decoding a prompt version recommends: the {@code decoding} section of its
 * {@code adapter_config.json}, written by {@code eval --prompt P --save-decoding} after the search was
 * chosen on dev data. Commands and the server decode with it when a request or flag says nothing, before
 * the base's own recommendation: a slot prompt decodes best with another search than the base's
 * transcription.
 *
 * <p>A model's {@code config.json} records its own recommendation in a section of the same form, with
 * the search fields only ({@link ModelDirectory#defaultDecoding}): both are read and written here.
 *
 * @param beamSize hypotheses kept per utterance
 * @param ctcWeight weight of the CTC prefix score
 * @param lengthNormalization length normalisation exponent
 * @param lmWeight weight of the base's language model (0: none)
 * @param wellFormed slot tasks: whether only well-formed tags of the schema may be written
 * @param intentCandidates slot tasks: how many intents the output is decoded after
 */
public record PromptDecoding(int beamSize, double ctcWeight, double lengthNormalization, double lmWeight,
        boolean wellFormed, int intentCandidates) {

    /** Checks the ranges as the decoders do. */
    public PromptDecoding {
        DecodingOptions.builder().optBeamSize(beamSize).optCtcWeight(ctcWeight)
                .optLengthNormalization(lengthNormalization).build();
        if (!(lmWeight >= 0 && lmWeight <= 2)) {
            throw new IllegalArgumentException("language model weight must be between 0 and 2, got " + lmWeight);
        }
        SlotDecoding.builder().optIntentCandidates(intentCandidates).build();
    }

    /**
     * The recorded intent candidates that apply to a prompt's output. Candidates are a choice made before
     * the words are written; output that names the intent after its words ranks every intent instead, so
     * a recorded count above one means nothing there and reads as one. Every front-end asks here.
     *
     * @param position where the prompt's output names the intent
     * @return {@link #intentCandidates()} for intent-first output, 1 for intent-last output
     */
    public int intentCandidatesFor(IntentPosition position) {
        return position == IntentPosition.LAST ? 1 : intentCandidates;
    }

    /**
     * @param d a slot decoding (its search's language model weight is kept, not the model)
     * @return the same decoding as a prompt records it
     */
    public static PromptDecoding of(SlotDecoding d) {
        DecodingOptions s = d.search();
        return new PromptDecoding(s.beamSize(), s.ctcWeight(), s.lengthNormalization(),
                s.fusesLanguageModel() ? s.lmWeight() : 0, d.wellFormed(), d.intentCandidates());
    }

    /**
     * @param search a search, as a model records it: no slot fields (plain tags, one intent candidate)
     * @return the same search as a recorded decoding
     */
    static PromptDecoding of(DecodingOptions search) {
        return new PromptDecoding(search.beamSize(), search.ctcWeight(), search.lengthNormalization(),
                search.fusesLanguageModel() ? search.lmWeight() : 0, false, 1);
    }

    /**
     * @param m the {@code decoding} section as read from JSON
     * @return the decoding
     * @throws IllegalArgumentException when a field is missing, of the wrong type or out of range
     */
    static PromptDecoding fromConfig(Map<String, Object> m) {
        Object wellFormed = m.getOrDefault("well_formed", false);
        if (!(wellFormed instanceof Boolean)) {
            throw new IllegalArgumentException("decoding.well_formed must be true or false, got " + wellFormed);
        }
        try {
            return new PromptDecoding(whole(m, "beam_size"), number(m, "ctc_weight"),
                    number(m, "length_normalization"), m.containsKey("lm_weight") ? number(m, "lm_weight") : 0,
                    (Boolean) wellFormed, m.containsKey("intent_candidates") ? whole(m, "intent_candidates") : 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("decoding.") ? e.getMessage()
                    : "decoding: " + e.getMessage(), e);
        }
    }

    /** @return the {@code decoding} section of a prompt */
    Map<String, Object> toConfig() {
        Map<String, Object> m = searchConfig();
        m.put("well_formed", wellFormed);
        m.put("intent_candidates", intentCandidates);
        return m;
    }

    /** @return the search fields only: a model's {@code decoding} section */
    Map<String, Object> searchConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("beam_size", beamSize);
        m.put("ctc_weight", ctcWeight);
        m.put("length_normalization", lengthNormalization);
        m.put("lm_weight", lmWeight);
        return m;
    }

    /**
     * @param languageModel the language model the weight is for: the prompt's own, else the base's (null
     *     when there is none)
     * @return the search; a language model weight without a model is dropped, as the base decodes
     *     without one
     */
    public DecodingOptions search(CharNgramModel languageModel) {
        return DecodingOptions.builder().optBeamSize(beamSize).optCtcWeight(ctcWeight)
                .optLengthNormalization(lengthNormalization)
                .optLanguageModel(languageModel, languageModel == null ? 0 : lmWeight).build();
    }

    private static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("decoding." + key + " is missing");
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("decoding." + key + " must be a number, got " + v);
        }
        return n.doubleValue();
    }

    private static int whole(Map<String, Object> m, String key) {
        double v = number(m, key);
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException("decoding." + key + " must be a whole number, got " + v);
        }
        return (int) v;
    }
}
