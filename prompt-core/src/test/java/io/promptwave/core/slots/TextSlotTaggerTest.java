package io.promptwave.core.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextSlotTaggerTest {

    /** A sentence with its slots marked in brackets: "set an alarm for [time seven am]". */
    private static TextSlotTagger.Example example(String intent, String marked) {
        StringBuilder text = new StringBuilder();
        List<Slot> slots = new ArrayList<>();
        int i = 0;
        while (i < marked.length()) {
            char c = marked.charAt(i);
            if (c == '[') {
                int space = marked.indexOf(' ', i);
                int close = marked.indexOf(']', i);
                String type = marked.substring(i + 1, space);
                String value = marked.substring(space + 1, close);
                slots.add(new Slot(type, value, text.length(), text.length() + value.length()));
                text.append(value);
                i = close + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        return new TextSlotTagger.Example(text.toString(), intent, slots);
    }

    private static final List<TextSlotTagger.Example> TRAIN = List.of(
            example("alarm_set", "set an alarm for [time seven am]"),
            example("alarm_set", "wake me up at [time six thirty]"),
            example("alarm_set", "set an alarm for [time nine pm] [date tomorrow]"),
            example("alarm_set", "wake me up at [time five forty five] on [date monday]"),
            example("alarm_query", "what alarms do i have for [date friday]"),
            example("alarm_query", "is there an alarm set for [date sunday morning]"),
            example("iot_hue_lighton", "turn the [house_place kitchen] lights on"),
            example("iot_hue_lighton", "turn on the lights in the [house_place bedroom]"),
            example("iot_hue_lighton", "switch the [house_place hallway] lights on"),
            example("iot_hue_lightoff", "turn the [house_place kitchen] lights off"),
            example("iot_hue_lightoff", "switch off the lights in the [house_place garage]"),
            example("iot_hue_lighton", "turn the [house_place office] lights on"),
            example("iot_hue_lightoff", "turn the [house_place bathroom] lights off"),
            example("weather_query", "what's the weather in [place_name paris]"),
            example("weather_query", "will it rain in [place_name london] [date tomorrow]"),
            example("weather_query", "how cold is it in [place_name oslo]"));

    @Test
    void unseenSentencesOfKnownShapesAreReadWithTheirSpans() {
        TextSlotTagger tagger = TextSlotTagger.train(TRAIN, 10, 1);
        TextSlotTagger.Tagged alarm = tagger.tag("set an alarm for eight am");
        assertEquals("alarm_set", alarm.intent());
        assertEquals(List.of(new Slot("time", "eight am", 17, 25)), alarm.slots());
        TextSlotTagger.Tagged light = tagger.tag("turn the bedroom lights off");
        assertEquals("iot_hue_lightoff", light.intent());
        assertEquals(List.of(new Slot("house_place", "bedroom", 9, 16)), light.slots());
        TextSlotTagger.Tagged weather = tagger.tag("will it rain in  paris");
        assertEquals("weather_query", weather.intent());
        assertEquals(List.of(new Slot("place_name", "paris", 17, 22)), weather.slots(), "spans count every space");
        assertEquals(List.of("alarm_query", "alarm_set", "iot_hue_lightoff", "iot_hue_lighton", "weather_query"),
                tagger.intents());
    }

    @Test
    void trainingIsDeterministicForASeed() {
        TextSlotTagger a = TextSlotTagger.train(TRAIN, 3, 7);
        TextSlotTagger b = TextSlotTagger.train(TRAIN, 3, 7);
        for (String s : List.of("wake me up at ten on tuesday", "switch the lights on", "", "paris paris paris")) {
            assertEquals(a.tag(s), b.tag(s), s);
        }
        assertEquals(List.of(), a.tag("").slots());
        assertTrue(a.intents().contains(a.tag("").intent()));
    }

    @Test
    void labelsThatDoNotFitTheWordsAreRefusedByName() {
        TextSlotTagger.Example cut = new TextSlotTagger.Example("set an alarm", "alarm_set",
                List.of(new Slot("time", "alar", 7, 11)));
        assertEquals("slot time 'alar' of 'set an alarm' cuts a word", assertThrows(IllegalArgumentException.class,
                () -> TextSlotTagger.train(List.of(cut), 1, 1)).getMessage());
        assertEquals("need at least one example and one epoch, got 0 and 1",
                assertThrows(IllegalArgumentException.class, () -> TextSlotTagger.train(List.of(), 1, 1)).getMessage());
    }
}
