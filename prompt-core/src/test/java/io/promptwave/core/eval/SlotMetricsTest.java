package io.promptwave.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptwave.core.slots.Slot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples, computed by hand with SLURP's definitions (the fractions are in the comments). */
class SlotMetricsTest {
    private static Slot slot(String type, String value) {
        return new Slot(type, value, 0, value.length());
    }

    @Test
    void oneUtteranceWithAShortenedFiller() {
        SlotMetrics m = new SlotMetrics();
        m.add("alarm_set", List.of(slot("time", "six forty five"), slot("date", "tomorrow")),
                "alarm_set", List.of(slot("time", "six forty"), slot("date", "tomorrow")));
        assertEquals(1.0, m.intentAccuracy());
        // exact: date matches, the time does not: tp 1, fp 1, fn 1
        assertEquals(new SlotMetrics.Counts(1, 1, 1), m.exact());
        assertEquals(0.5, m.exact().f1(), 1e-12);
        // word distance of the time: one deletion in three words; F1 = 2*2 / (2*2 + 1/3 + 1/3) = 6/7
        assertEquals(1.0 / 3, m.wordDistance().falsePositives(), 1e-12);
        assertEquals(6.0 / 7, m.wordDistance().f1(), 1e-12);
        // character distance: " five" deleted, 5 of max(14, 9) characters; F1 = 4 / (4 + 10/14) = 28/33
        assertEquals(5.0 / 14, m.characterDistance().falseNegatives(), 1e-12);
        assertEquals(28.0 / 33, m.characterDistance().f1(), 1e-12);
        // SLU-F1 over both: tp 4, fp = fn = 1/3 + 5/14 = 29/42; F1 = 168/197
        assertEquals(168.0 / 197, m.sluF1(), 1e-12);
    }

    @Test
    void aWrongIntentAnInventedSlotAndAMisspeltFiller() {
        SlotMetrics m = new SlotMetrics();
        m.add("alarm_set", List.of(slot("time", "six forty five"), slot("date", "tomorrow")),
                "alarm_set", List.of(slot("time", "six forty"), slot("date", "tomorrow")));
        m.add("music_play", List.of(slot("genre", "jazz")),
                "alarm_query", List.of(slot("house_place", "kitchen"), slot("genre", "jass")));
        assertEquals(2, m.utterances());
        assertEquals(0.5, m.intentAccuracy());
        // exact: tp 1, fp 1 + 2, fn 1 + 1: F1 = 2/7
        assertEquals(new SlotMetrics.Counts(1, 3, 2), m.exact());
        assertEquals(2.0 / 7, m.exact().f1(), 1e-12);
        assertEquals(0.25, m.exact().precision(), 1e-12);
        // words: house_place has no gold of its type (fp 1); jass/jazz is one substitution of one word (d = 1):
        // tp 3, fp 1/3 + 2, fn 1/3 + 1: F1 = 6 / (6 + 7/3 + 4/3) = 18/29
        assertEquals(18.0 / 29, m.wordDistance().f1(), 1e-12);
        // characters: jass/jazz two substitutions in four (d = 1/2): tp 3, fp 5/14 + 3/2, fn 5/14 + 1/2: F1 = 42/61
        assertEquals(42.0 / 61, m.characterDistance().f1(), 1e-12);
        // SLU-F1: tp 6, fp 88/21, fn 46/21: F1 = 12 / (12 + 134/21) = 126/193
        assertEquals(126.0 / 193, m.sluF1(), 1e-12);
    }

    @Test
    void aPredictedSlotTakesTheNearestGoldOfItsTypeAndEachGoldOnce() {
        SlotMetrics m = new SlotMetrics();
        m.add("calendar_set", List.of(slot("time", "noon"), slot("time", "six thirty")),
                "calendar_set", List.of(slot("time", "six thirty"), slot("time", "six thirty")));
        // the first prediction takes the exact gold; the second is left with "noon": for its one word, a
        // substitution and an insertion (d = 2)
        assertEquals(new SlotMetrics.Counts(2, 2, 2), m.wordDistance());
        assertEquals(new SlotMetrics.Counts(1, 1, 1), m.exact());
        // a word distance above 1 is not capped, as in SLURP: "at six am today" for "six" is 3 insertions
        assertEquals(3.0, SlotMetrics.distance("six", "at six am today", true), 1e-12);
        assertEquals(0.5, SlotMetrics.distance("noon", "moan", false), 1e-12);
        assertEquals(3.0 / 7, SlotMetrics.distance("noon", "at noon", false), 1e-12);
    }

    @Test
    void nothingToFindAndNothingFoundScoresZeroAsSlurpDoes() {
        SlotMetrics m = new SlotMetrics();
        m.add("alarm_query", List.of(), "alarm_query", List.of());
        assertEquals(1.0, m.intentAccuracy());
        assertEquals(0.0, m.sluF1());
        assertEquals(SlotMetrics.Counts.ZERO, m.exact());
        assertEquals(0.0, new SlotMetrics().intentAccuracy());
    }
}
