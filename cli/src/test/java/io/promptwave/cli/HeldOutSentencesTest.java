package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeldOutSentencesTest {
    // two transcripts of the it-lowres test split, and the quotations of the text they hide in
    private static final List<String> TEST = List.of("tu chiamale se vuoi emozioni",
            "qui è il prostetnico vogon jeltz dell'ente galattico viabilità iperspazio continuò la voce");

    @Test
    void exactRepeatsAreAlwaysHeldOut() {
        HeldOutSentences exact = new HeldOutSentences(TEST, 0);
        assertTrue(exact.repeats("  tu chiamale se vuoi emozioni "));
        assertFalse(exact.repeats("capire tu non puoi tu chiamale se vuoi emozioni"));
        assertFalse(exact.overlaps("capire tu non puoi tu chiamale se vuoi emozioni"), "overlap 0: exact only");
    }

    @Test
    void aQuotationCutElsewhereIsHeldOutByItsSharedWords() {
        HeldOutSentences six = new HeldOutSentences(TEST, 6);
        // a short transcript (5 words) inside a longer quotation
        assertTrue(six.overlaps("capire tu non puoi tu chiamale se vuoi emozioni"));
        // the same quotation without its last words: it shares a run of far more than six
        assertTrue(six.overlaps("qui è il prostetnico vogon jeltz dell'ente galattico viabilità iperspazio"));
        // five shared words in a row are not six
        assertFalse(six.overlaps("disse il prostetnico vogon jeltz dell'ente alla radio"));
        // the short transcript's words, not whole: "emozioni" is not "emozionii"
        assertFalse(six.overlaps("tu chiamale se vuoi emozionii"));
        assertFalse(six.overlaps("la memoria serve i comandanti saggi"));
    }

    @Test
    void anOverlapOfOneWordIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HeldOutSentences(TEST, 1));
        assertEquals("an overlap must be 0 (exact repeats only) or at least 2 words, got 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HeldOutSentences(TEST, -3));
    }
}
