package io.promptwave.core.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.core.text.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotSyntaxTest {
    private final Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
    private static final SlotSchema ALARMS = new SlotSchema("alarms", "en", List.of("alarm_set"),
            List.of("time", "timer", "date"));
    private final SlotSyntax syntax = SlotSyntax.constrained(vocabulary, ALARMS);

    @Test
    void theCtcHeadSeesExactlyTheTranscript() {
        assertEquals("wake me at six forty today: ok",
                scoredText(syntax, "wake me at [time: six forty] [date: today]: ok"));
    }

    @Test
    void malformedTagsCannotBeWritten() {
        // a stray ']' outside a tag
        assertEquals("wake ", longestAllowed("wake ]"));
        // a tag opening inside a value closes it, as the parser reads it, but must be a whole tag
        assertEquals("at [time: six [date: today]", longestAllowed("at [time: six [date: today]"));
        assertEquals("at [time: six [", longestAllowed("at [time: six [ today]"));
        // a slot type the schema lacks, and a name cut short
        assertEquals("[ti", longestAllowed("[tide: low]"));
        assertEquals("[tim", longestAllowed("[tim: six]"));
        // both names sharing a prefix are open
        assertEquals("[timer: ten] [time: six]", longestAllowed("[timer: ten] [time: six]"));
        // the header is exactly ": ", and a value is not empty nor starts with a space
        assertEquals("[time:", longestAllowed("[time:six]"));
        assertEquals("[time: ", longestAllowed("[time: ]"));
        assertEquals("[time: ", longestAllowed("[time:  six]"));
    }

    @Test
    void theOutputEndsOutsideATagOrAfterAValue() {
        assertTrue(syntax.allows(run("wake me"), Vocabulary.EOS));
        assertTrue(syntax.allows(run("[time: six]"), Vocabulary.EOS));
        assertTrue(syntax.allows(run("[time: six"), Vocabulary.EOS));
        assertFalse(syntax.allows(run("[time: "), Vocabulary.EOS));
        assertFalse(syntax.allows(run("[time:"), Vocabulary.EOS));
        assertFalse(syntax.allows(run("[ti"), Vocabulary.EOS));
        assertFalse(syntax.allows(run("["), Vocabulary.EOS));
    }

    @Test
    void intentLastTheBarAndTheIntentAreMarkup() {
        SlotSyntax last = SlotSyntax.constrained(vocabulary, ALARMS.withIntentPosition(IntentPosition.LAST));
        assertEquals(0, syntax.extraLength(), "intent first, the intent is forced, not searched");
        assertEquals("| alarm_set".length(), last.extraLength(), "room for the separator and the longest intent");
        assertEquals("wake me at six", scoredText(last, "wake me at [time: six]| alarm_set"));
        assertEquals("wake me at six", scoredText(last, "wake me at [time: six| alarm_set"), "a bar closes a value");
        // the bar comes where the output could end, only once; then one of the schema's intents, whole
        assertEquals("at [time: ", longestAllowed(last, "at [time: | alarm_set"));
        assertEquals("at| alarm", longestAllowed(last, "at| alarm[time: six]"));
        assertEquals("at| alarm_set", longestAllowed(last, "at| alarm_set| x"));
        assertEquals("at|", longestAllowed(last, "at|alarm_set"));
        assertFalse(last.allows(run(last, "at| alarm"), Vocabulary.EOS), "a name cut short cannot end the output");
        assertFalse(last.allows(run(last, "at|"), Vocabulary.EOS));
        // intent first, a bar in the words is text (the parser reports it)
        assertEquals("at | x", scoredText(syntax, "at | x"));
        // unconstrained intent last: any words, and after the bar still a whole intent, not the CTC head's
        SlotSyntax markup = SlotSyntax.markup(vocabulary, ALARMS.withIntentPosition(IntentPosition.LAST));
        assertEquals("at x ", scoredText(markup, "at [[tide: x] | alarm_set"));
        assertEquals("at| alarm_se", longestAllowed(markup, "at| alarm_sex"));
    }

    @Test
    void aTagClosedByTheNextOneLeavesTheTranscriptToTheCtcHead() {
        assertEquals("at six today ok", scoredText(syntax, "at [time: six [date: today] ok"));
    }

    @Test
    void tokensThatAreNotBytesAreNeverText() {
        Vocabulary withUnits = new Vocabulary(List.of("en"), 10);
        SlotSyntax units = SlotSyntax.constrained(withUnits, new SlotSchema("a", "en", List.of("alarm_set"),
                List.of("time")));
        assertFalse(units.allows(0, withUnits.unit(3)));
        assertFalse(units.allows(0, Vocabulary.ASR));
        assertFalse(units.allows(0, Vocabulary.PAD));
        assertTrue(units.allows(0, withUnits.encode("a")[0]));
    }

    /**
     * What the CTC head scores of {@code body}, after checking that the syntax allows all of it and the end.
     */
    private String scoredText(SlotSyntax checked, String body) {
        int[] tokens = vocabulary.encode(body);
        StringBuilder seen = new StringBuilder();
        int state = checked.initial();
        for (int i = 0; i < tokens.length; i++) {
            assertTrue(checked.allows(state, tokens[i]), "refused at " + i + " of " + body);
            if (checked.scored(state, tokens[i])) {
                seen.append(body.charAt(i));
            }
            state = checked.next(state, tokens[i]);
        }
        assertTrue(checked.allows(state, Vocabulary.EOS), "cannot end " + body);
        return seen.toString();
    }

    /** The longest prefix of {@code text} the syntax lets through. */
    private String longestAllowed(String text) {
        return longestAllowed(syntax, text);
    }

    private String longestAllowed(SlotSyntax checked, String text) {
        int[] tokens = vocabulary.encode(text);
        int state = checked.initial();
        for (int i = 0; i < tokens.length; i++) {
            if (!checked.allows(state, tokens[i])) {
                return text.substring(0, i);
            }
            state = checked.next(state, tokens[i]);
        }
        return text;
    }

    private int run(String text) {
        return run(syntax, text);
    }

    private int run(SlotSyntax checked, String text) {
        int state = checked.initial();
        for (int token : vocabulary.encode(text)) {
            state = checked.next(state, token);
        }
        return state;
    }

    @Test
    void unconstrainedItAllowsAnythingAndReadsBracketsAsTheParserDoes() {
        assertEquals("at six seven  ok ",
                scoredText(SlotSyntax.markup(vocabulary, ALARMS), "at [tide: six [time:seven] ] ok ["));
    }
}
