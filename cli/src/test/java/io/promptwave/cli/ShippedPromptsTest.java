package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The prompts that ship in {@code models/prompts}: each is named after its folder, carries its test
 * figures, loads onto the shipped base (a base retrained without its prompts fails here) and changes
 * what the base writes.
 */
class ShippedPromptsTest {
    private static final Path BASE = Path.of("../models/base");
    private static final Path SAMPLE = Path.of("../samples/audio/alarm-en-us-8k-mulaw.wav");
    private static final Path IMAGE = Path.of("../samples/images/line-photo.jpg");

    @Test
    void everyShippedPromptLoadsOntoTheShippedBaseAndSteersIt() throws IOException {
        List<Path> prompts;
        try (Stream<Path> dirs = Files.list(BASE.resolveSibling("prompts"))) {
            prompts = dirs.filter(d -> Files.isRegularFile(d.resolve("adapter_config.json"))).sorted().toList();
        }
        assertFalse(prompts.isEmpty(), "no prompt ships in models/prompts");
        CommandRun bare = CommandRun.of("transcribe", "--model", BASE.toString(), SAMPLE.toString());
        assertEquals(0, bare.exitCode(), bare.err());
        for (Path prompt : prompts) {
            String name = prompt.getFileName().toString();
            JsonObject config = JsonParser.parseString(Files.readString(prompt.resolve("adapter_config.json")))
                    .getAsJsonObject();
            assertEquals(name, config.get("name").getAsString(), "the prompt in " + prompt + " goes by another name");
            JsonObject test = config.getAsJsonObject("metrics").getAsJsonObject("test");
            long bytes = 0;
            try (Stream<Path> files = Files.list(prompt)) {
                for (Path f : files.toList()) {
                    bytes += Files.size(f);
                }
            }
            assertTrue(bytes < 1_000_000, name + " is over 1 MB with its language model: " + bytes + " bytes");
            if (config.has("language_model")) {
                // its own language model must be one decoding fuses into its rows: its language, its task's form
                JsonObject lm = config.getAsJsonObject("language_model");
                assertEquals(config.get("language").getAsString(), lm.get("language").getAsString(), name);
                assertEquals(config.get("task").getAsString().equals("ocr") ? "written" : "spoken",
                        lm.get("form").getAsString(), name);
                assertTrue(config.getAsJsonObject("decoding").get("lm_weight").getAsDouble() > 0,
                        name + " brings a language model but records no weight for it");
            }
            if (config.get("task").getAsString().equals("slots")) {
                assertSlotPromptReadsTheSample(name, config, test);
                continue;
            }
            double cer = test.get("cer").getAsDouble();
            assertTrue(cer > 0 && cer < 1, name + ": test CER " + cer);
            if (config.get("task").getAsString().equals("ocr")) {
                assertReadingPromptSteersTheBase(name);
                continue;
            }
            CommandRun steered = CommandRun.of("transcribe", "--model", BASE.toString(), "--prompt", name,
                    SAMPLE.toString());
            assertEquals(0, steered.exitCode(), name + ": " + steered.err());
            assertTrue(steered.out().startsWith(SAMPLE + "\t"), steered.out());
            assertNotEquals(bare.out(), steered.out(), name + " does not change the transcript");
        }
    }

    /**
     * A reading prompt changes how the base reads the sample photo of a text line (its confidence at
     * least: the photo is clean enough that the text may stay right).
     */
    private static void assertReadingPromptSteersTheBase(String name) {
        CommandRun bare = CommandRun.of("read", "--model", BASE.toString(), "--format", "jsonl", IMAGE.toString());
        assertEquals(0, bare.exitCode(), bare.err());
        CommandRun steered = CommandRun.of("read", "--model", BASE.toString(), "--prompt", name, "--format", "jsonl",
                IMAGE.toString());
        assertEquals(0, steered.exitCode(), name + ": " + steered.err());
        JsonObject reading = JsonParser.parseString(steered.out().trim()).getAsJsonObject();
        assertEquals(IMAGE.toString(), reading.get("image").getAsString());
        assertFalse(reading.get("text").getAsString().isBlank(), steered.out());
        assertNotEquals(bare.out(), steered.out(), name + " does not change the reading");
    }

    /** A slot prompt records its test SLU-F1 and reads the sample command into one of its schema's intents. */
    private static void assertSlotPromptReadsTheSample(String name, JsonObject config, JsonObject test) {
        double slu = test.get("slu_f1").getAsDouble();
        assertTrue(slu > 0 && slu <= 1, name + ": test SLU-F1 " + slu);
        CommandRun understood = CommandRun.of("understand", "--model", BASE.toString(), "--prompt", name,
                SAMPLE.toString());
        assertEquals(0, understood.exitCode(), name + ": " + understood.err());
        JsonObject reading = JsonParser.parseString(understood.out().trim()).getAsJsonObject();
        assertEquals(SAMPLE.toString(), reading.get("audio").getAsString());
        assertTrue(config.getAsJsonObject("label_schema").getAsJsonArray("intents").contains(reading.get("intent")),
                understood.out());
        assertFalse(reading.get("text").getAsString().isBlank(), understood.out());
    }
}
