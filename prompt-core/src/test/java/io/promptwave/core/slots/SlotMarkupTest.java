package io.promptwave.core.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptwave.core.text.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotMarkupTest {
    @Test
    void theCtcHeadSeesExactlyTheTranscript() {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        SlotMarkup markup = new SlotMarkup(vocabulary);
        String body = "wake me at [time: six forty] [date: today]: ok";
        int[] tokens = vocabulary.encode(body);
        StringBuilder seen = new StringBuilder();
        int state = markup.initial();
        for (int i = 0; i < tokens.length; i++) {
            if (markup.scored(state, tokens[i])) {
                seen.append(body.charAt(i));
            }
            state = markup.next(state, tokens[i]);
        }
        assertEquals("wake me at six forty today: ok", seen.toString());
    }
}
