package io.promptwave.core.slots;

import java.util.Locale;

/**
 * Where the decoder writes the intent in the {@link SlotFormat} serialisation.
 *
 * <p>{@link #FIRST} is the base's own order (base-mm6 learnt it): the intent is named before any
 * word, from the audio alone, and every intent can be ranked before the transcript is searched.
 * {@link #LAST} names it after the tagged transcript, so the decoder can read the words it wrote
 * when it chooses; the ranking then comes after the search. Which generalises better to phrasings
 * no training heard is measured in BENCHMARKS.md ("Intent after the words").
 */
public enum IntentPosition {
    /** {@code alarm_set | wake me up at [time: six]} */
    FIRST,
    /** {@code wake me up at [time: six] | alarm_set} */
    LAST;

    /** @return the name a config file or flag uses: {@code first} or {@code last} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code first} or {@code last} (any case)
     * @return the position
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static IntentPosition parse(String name) {
        for (IntentPosition p : values()) {
            if (p.configName().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("intent position '" + name + "' is neither 'first' nor 'last'");
    }
}
