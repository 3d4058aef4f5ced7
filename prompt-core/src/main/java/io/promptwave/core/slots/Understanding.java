package io.promptwave.core.slots;

import java.util.List;

/**
 * What one utterance means, in SLURP's and Rasa's terms: the transcript, the intent with its
 * confidence and the ranking of every intent, and the slots (Rasa's entities) with character spans
 * in the transcript, times in the audio and confidences.
 *
 * @param text the transcript
 * @param intent the most probable intent of the schema
 * @param intentConfidence its probability among the schema's intents, in [0, 1]
 * @param intentRanking every intent of the schema with its probability, most probable first
 * @param slots the slots in transcript order
 * @param problems what the decoder wrote that could not be read (empty when well formed)
 */
public record Understanding(String text, String intent, double intentConfidence, List<IntentScore> intentRanking,
        List<FilledSlot> slots, List<String> problems) {

    /** @return the scenario of the intent (SLURP), e.g. {@code alarm} */
    public String scenario() {
        return SlotSchema.scenario(intent);
    }

    /** @return the action of the intent (SLURP), e.g. {@code set} */
    public String action() {
        return SlotSchema.action(intent);
    }

    /**
     * An intent and how probable it is.
     *
     * @param name the intent
     * @param confidence its probability, in [0, 1]
     */
    public record IntentScore(String name, double confidence) {
    }

    /**
     * A slot as a caller gets it.
     *
     * @param type the slot type
     * @param value its words (the filler)
     * @param start first character in the transcript
     * @param end one past its last character
     * @param audioStart start in seconds from the beginning of the audio (NaN when unknown)
     * @param audioEnd end in seconds (NaN when unknown)
     * @param confidence geometric-mean probability of the tokens the decoder wrote for it, in [0, 1]
     */
    public record FilledSlot(String type, String value, int start, int end, double audioStart, double audioEnd,
            double confidence) {
    }
}
