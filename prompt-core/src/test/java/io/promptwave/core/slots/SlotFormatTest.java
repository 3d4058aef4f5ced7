package io.promptwave.core.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlotFormatTest {
    static final SlotSchema SMART_HOME = new SlotSchema("smart-home", "en",
            List.of("alarm_set", "alarm_query", "music_play", "iot_lights_off"),
            List.of("time", "date", "genre", "house_place"));

    private static final String WAKE = "wake me up at six forty five tomorrow";
    private static final List<Slot> WAKE_SLOTS = List.of(new Slot("time", "six forty five", 14, 28),
            new Slot("date", "tomorrow", 29, 37));

    @Test
    void serialisesIntentThenTaggedTranscript() {
        assertEquals("alarm_set | wake me up at [time: six forty five] [date: tomorrow]",
                SlotFormat.serialize(WAKE, "alarm_set", WAKE_SLOTS));
        assertEquals("alarm_query | what alarms do i have", SlotFormat.serialize("what alarms do i have",
                "alarm_query", List.of()));
    }

    @Test
    void parsingWhatWasSerialisedGivesItBack() {
        SlotFormat.Parsed p = SlotFormat.parse(SlotFormat.serialize(WAKE, "alarm_set", WAKE_SLOTS), SMART_HOME);
        assertEquals("alarm_set", p.intent());
        assertEquals(WAKE, p.text());
        assertEquals(WAKE_SLOTS, p.slots());
        assertEquals(List.of(), p.problems());
        // the first slot's words sit at characters 33..47 of the output
        assertEquals(33, p.sources().get(0)[0]);
        assertEquals(47, p.sources().get(0)[1]);
    }

    @Test
    void intentLastTheWordsComeFirstAndTheLastBarStartsTheIntent() {
        SlotSchema last = SMART_HOME.withIntentPosition(IntentPosition.LAST);
        String output = SlotFormat.serialize(WAKE, "alarm_set", WAKE_SLOTS, IntentPosition.LAST);
        assertEquals("wake me up at [time: six forty five] [date: tomorrow]| alarm_set", output);
        SlotFormat.Parsed p = SlotFormat.parse(output, last);
        assertEquals("alarm_set", p.intent());
        assertEquals(WAKE, p.text());
        assertEquals(WAKE_SLOTS, p.slots());
        assertEquals(List.of(), p.problems());
        assertEquals(21, p.sources().get(0)[0], "the first slot's words sit at characters 21..35");
        assertEquals(35, p.sources().get(0)[1]);

        SlotFormat.Parsed twoBars = SlotFormat.parse("play | [genre: jazz | music_play", last);
        assertEquals("music_play", twoBars.intent());
        assertEquals("play jazz", twoBars.text());
        assertEquals(List.of(new Slot("genre", "jazz", 5, 9)), twoBars.slots());
        assertEquals(List.of("a second '|' at character 5", "the tag [genre: ...] is not closed"), twoBars.problems());

        SlotFormat.Parsed noIntent = SlotFormat.parse("play jazz |", last);
        assertNull(noIntent.intent());
        assertEquals("play jazz", noIntent.text());
        assertEquals(List.of("no intent after '|'"), noIntent.problems());
        // read the other way round, intent-last output has an unknown intent and a second bar's words
        assertEquals("unknown intent 'wake me up at [time: six forty five] [date: tomorrow]'",
                SlotFormat.parse(output, SMART_HOME).problems().get(0));
    }

    @Test
    void refusesGoldSlotsThatDoNotMatchTheirText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlotFormat.serialize(WAKE,
                "alarm_set", List.of(new Slot("time", "seven", 14, 28))));
        assertTrue(e.getMessage().contains("holds 'six forty five'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SlotFormat.serialize(WAKE, "alarm_set",
                List.of(new Slot("time", "six forty five", 14, 28), new Slot("date", "five", 23, 27))));
    }

    @Test
    void spacesAroundMarkupAreNormalised() {
        SlotFormat.Parsed p = SlotFormat.parse("music_play |  play[genre:jazz ]  now ", SMART_HOME);
        assertEquals("play jazz now", p.text());
        assertEquals(List.of(new Slot("genre", "jazz", 5, 9)), p.slots());
        assertEquals(List.of(), p.problems());
    }

    @Test
    void malformedOutputKeepsItsWordsAndNamesEachProblem() {
        SlotFormat.Parsed noBar = SlotFormat.parse("wake me up at [time: six]", SMART_HOME);
        assertNull(noBar.intent());
        assertEquals("wake me up at six", noBar.text());
        assertEquals(List.of(new Slot("time", "six", 14, 17)), noBar.slots());
        assertEquals(List.of("no intent: the output has no '|'"), noBar.problems());

        SlotFormat.Parsed unknown = SlotFormat.parse("alarm_sett | turn on [colour: red] [time: noon", SMART_HOME);
        assertNull(unknown.intent());
        assertEquals("turn on red noon", unknown.text());
        assertEquals(List.of(new Slot("time", "noon", 12, 16)), unknown.slots());
        assertEquals(List.of("unknown intent 'alarm_sett'", "unknown slot type 'colour'; its words are kept as plain text",
                "the tag [time: ...] is not closed"), unknown.problems());

        SlotFormat.Parsed stray = SlotFormat.parse("alarm_set | at ] [time: ] [date: today [time: six] | x [ y",
                SMART_HOME);
        assertEquals("alarm_set", stray.intent());
        assertEquals("at today six x y", stray.text());
        assertEquals(List.of(new Slot("date", "today", 3, 8), new Slot("time", "six", 9, 12)), stray.slots());
        assertEquals(List.of("a ']' without its '[' at character 15", "the slot [time: ] is empty",
                "a tag opens inside the tag [date: ...]; the first is closed there", "a second '|' at character 51",
                "a '[' without a 'type:' at character 55"), stray.problems());
    }

    @Test
    void emptyOutputIsAnEmptyResultNotAnError() {
        SlotFormat.Parsed p = SlotFormat.parse("", SMART_HOME);
        assertEquals("", p.text());
        assertEquals(List.of(), p.slots());
        assertEquals(List.of("no intent: the output has no '|'"), p.problems());
    }

    @Test
    void schemaNamesAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlotSchema("x", "en", List.of("alarm"), List.of()));
        assertTrue(e.getMessage().contains("'alarm'") && e.getMessage().contains("scenario_action"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SlotSchema("x", "en", List.of("a_b"), List.of("t: x")));
        assertThrows(IllegalArgumentException.class, () -> new SlotSchema("x", "en", List.of("a_b", "a_b"), List.of()));
        assertEquals(SMART_HOME, SlotSchema.fromConfig(SMART_HOME.toConfig()));
        SlotSchema last = SMART_HOME.withIntentPosition(IntentPosition.LAST);
        assertEquals("last", last.toConfig().get("intent_position"));
        assertEquals(last, SlotSchema.fromConfig(last.toConfig()));
        java.util.Map<String, Object> older = new java.util.HashMap<>(SMART_HOME.toConfig());
        older.remove("intent_position");
        assertEquals(IntentPosition.FIRST, SlotSchema.fromConfig(older).intentPosition(),
                "prompts saved before the position was recorded wrote the intent first");
        older.put("intent_position", "middle");
        IllegalArgumentException position = assertThrows(IllegalArgumentException.class,
                () -> SlotSchema.fromConfig(older));
        assertEquals("intent position 'middle' is neither 'first' nor 'last'", position.getMessage());
        assertEquals("iot", SlotSchema.scenario("iot_lights_off"));
        assertEquals("lights_off", SlotSchema.action("iot_lights_off"));
    }
}
