package io.promptwave.corpus.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.SlotSpan;
import io.promptwave.corpus.spec.HeldOut;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotCommandsTest {
    static final Path SCHEMA = Path.of(System.getProperty("promptwave.recipes", "../recipes"), "tasks/smart-home.json");

    @TempDir
    Path dir;

    @Test
    void aQuarterOfTemplatesAndValuesIsHeldOut() throws CorpusException, IOException {
        TaskSchema schema = TaskSchema.load(SCHEMA);
        SlotCommands commands = new SlotCommands(schema, 0.25, 0, 7);
        for (Map.Entry<String, List<String>> intent : schema.intents().entrySet()) {
            long held = intent.getValue().stream().filter(commands.heldOutTemplates(HeldOut.TEST)::contains).count();
            assertTrue(held >= 1 && held < intent.getValue().size(), intent.getKey() + ": " + held + " held out");
            assertTrue(held >= 0.2 * intent.getValue().size(), intent.getKey());
        }
        for (Map.Entry<String, List<String>> type : schema.slotTypes().entrySet()) {
            int held = commands.heldOutValues(HeldOut.TEST).get(type.getKey()).size();
            assertTrue(held >= 0.2 * type.getValue().size() && held < type.getValue().size(), type.getKey() + ": " + held);
        }
    }

    @Test
    void trainingCommandsNeverUseHeldOutPartsAndTestCommandsAlwaysDo() throws CorpusException, IOException {
        TaskSchema schema = TaskSchema.load(SCHEMA);
        SlotCommands commands = new SlotCommands(schema, 0.25, 0, 7);
        SplittableRandom random = new SplittableRandom(1);
        Set<String> heldTemplates = commands.heldOutTemplates(HeldOut.TEST);
        for (int i = 0; i < 2000; i++) {
            SlotCommands.Command seen = commands.draw(HeldOut.NONE, random);
            assertSpans(seen);
            for (SlotSpan s : seen.slots()) {
                assertFalse(commands.heldOutValues(HeldOut.TEST).get(s.type()).contains(s.value()), seen.text());
            }
            assertFalse(heldTemplates.contains(templateOf(schema, seen)), seen.text());

            SlotCommands.Command unseen = commands.draw(HeldOut.TEST, random);
            assertSpans(unseen);
            boolean novel = heldTemplates.contains(templateOf(schema, unseen)) || unseen.slots().stream()
                    .anyMatch(s -> commands.heldOutValues(HeldOut.TEST).get(s.type()).contains(s.value()));
            assertTrue(novel, "test command with nothing held out: " + unseen.text());
        }
    }

    @Test
    void aDevShareTakesItsOwnTemplatesAndValuesFromTheSeenOnesAndLeavesTestAlone() throws CorpusException, IOException {
        TaskSchema schema = TaskSchema.load(SCHEMA);
        SlotCommands testOnly = new SlotCommands(schema, 0.25, 0, 7);
        SlotCommands both = new SlotCommands(schema, 0.25, 0.1, 7);
        assertEquals(testOnly.heldOutTemplates(HeldOut.TEST), both.heldOutTemplates(HeldOut.TEST));
        assertEquals(testOnly.heldOutValues(HeldOut.TEST), both.heldOutValues(HeldOut.TEST));
        assertTrue(testOnly.heldOutTemplates(HeldOut.DEV).isEmpty());
        assertFalse(testOnly.canDraw(HeldOut.DEV));
        Set<String> dev = both.heldOutTemplates(HeldOut.DEV);
        for (Map.Entry<String, List<String>> intent : schema.intents().entrySet()) {
            // the smart-home intents have 10 or 11 templates: 3 for test, 1 or 2 for dev, the rest seen
            long devHere = intent.getValue().stream().filter(dev::contains).count();
            long testHere = intent.getValue().stream().filter(both.heldOutTemplates(HeldOut.TEST)::contains).count();
            assertEquals(3, testHere, intent.getKey());
            assertEquals((long) Math.ceil(0.1 * intent.getValue().size()), devHere, intent.getKey());
        }
        for (String type : schema.slotTypes().keySet()) {
            Set<String> devValues = both.heldOutValues(HeldOut.DEV).get(type);
            assertFalse(devValues.isEmpty(), type);
            assertTrue(devValues.stream().noneMatch(both.heldOutValues(HeldOut.TEST).get(type)::contains), type);
        }
        assertTrue(dev.stream().noneMatch(both.heldOutTemplates(HeldOut.TEST)::contains));
    }

    @Test
    void devCommandsSayADevPhrasingAndNothingOfTestsWhileTrainingSaysNeither() throws CorpusException, IOException {
        TaskSchema schema = TaskSchema.load(SCHEMA);
        SlotCommands commands = new SlotCommands(schema, 0.25, 0.1, 7);
        SplittableRandom random = new SplittableRandom(3);
        Map<String, Set<String>> devValues = commands.heldOutValues(HeldOut.DEV);
        Map<String, Set<String>> testValues = commands.heldOutValues(HeldOut.TEST);
        Set<String> seenTemplates = new java.util.HashSet<>();
        for (int i = 0; i < 2000; i++) {
            SlotCommands.Command dev = commands.draw(HeldOut.DEV, random);
            assertSpans(dev);
            String template = templateOf(schema, dev);
            assertFalse(commands.heldOutTemplates(HeldOut.TEST).contains(template), dev.text());
            assertTrue(dev.slots().stream().noneMatch(s -> testValues.get(s.type()).contains(s.value())), dev.text());
            boolean novel = commands.heldOutTemplates(HeldOut.DEV).contains(template)
                    || dev.slots().stream().anyMatch(s -> devValues.get(s.type()).contains(s.value()));
            assertTrue(novel, "dev command with nothing held out for dev: " + dev.text());

            SlotCommands.Command seen = commands.draw(HeldOut.NONE, random);
            seenTemplates.add(templateOf(schema, seen));
            assertTrue(seen.slots().stream().noneMatch(s -> devValues.get(s.type()).contains(s.value())
                    || testValues.get(s.type()).contains(s.value())), seen.text());
        }
        assertTrue(seenTemplates.stream().noneMatch(commands.heldOutTemplates(HeldOut.DEV)::contains));
        assertEquals(schema.intents().values().stream().mapToInt(List::size).sum()
                - commands.heldOutTemplates(HeldOut.DEV).size() - commands.heldOutTemplates(HeldOut.TEST).size(),
                seenTemplates.size(), "every seen template is drawn in 2000 tries");
    }

    @Test
    void schemaErrorsNameTheFileAndTheFault() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"),
                "{\"intents\": {\"alarm_set\": [\"wake me at {when}\"]}, \"slot_types\": {\"time\": [\"noon\"]}}");
        CorpusException e = assertThrows(CorpusException.class, () -> TaskSchema.load(bad));
        assertEquals(bad + ": template 'wake me at {when}' uses undeclared slot {when}", e.getMessage());
        Path digits = Files.writeString(dir.resolve("digits.json"),
                "{\"intents\": {\"alarm_set\": [\"wake me at {time}\"]}, \"slot_types\": {\"time\": [\"7 am\"]}}");
        e = assertThrows(CorpusException.class, () -> TaskSchema.load(digits));
        assertEquals(digits + ": value '7 am' of 'time' is not spoken lowercase words", e.getMessage());
    }

    private static void assertSpans(SlotCommands.Command c) {
        for (SlotSpan s : c.slots()) {
            assertEquals(s.value(), c.text().substring(s.start(), s.end()), c.text());
        }
    }

    /** Recovers the template by putting the slot types back in place of their values. */
    private static String templateOf(TaskSchema schema, SlotCommands.Command c) {
        StringBuilder t = new StringBuilder(c.text());
        List<SlotSpan> spans = c.slots();
        for (int i = spans.size() - 1; i >= 0; i--) {
            t.replace(spans.get(i).start(), spans.get(i).end(), "{" + spans.get(i).type() + "}");
        }
        String template = t.toString();
        assertTrue(schema.intents().get(c.intent()).contains(template), "no template " + template);
        return template;
    }
}
