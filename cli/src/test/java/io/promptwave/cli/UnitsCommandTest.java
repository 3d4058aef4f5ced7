package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitsCommandTest {
    @TempDir
    Path dir;

    @Test
    void fitThenEncodeTheBundledRecordings() throws IOException {
        Path manifest = dir.resolve("m.jsonl");
        StringBuilder lines = new StringBuilder();
        for (String name : new String[] {"weather-en-gb-44k-stereo.mp3", "alarm-en-us-8k-mulaw.wav", "music-en-us-48k-stereo.ogg"}) {
            lines.append("{\"id\": \"").append(name).append("\", \"audio\": \"")
                    .append(CommandRun.sample(name).toAbsolutePath()).append("\", \"text\": \"\"}\n");
        }
        lines.append("{\"id\": \"gone\", \"audio\": \"missing.wav\", \"text\": \"\"}\n");
        Files.writeString(manifest, lines);
        Path model = dir.resolve("units");
        CommandRun fit = CommandRun.of("units", "fit", "--manifest", manifest.toString(), "--out", model.toString(),
                "--k", "20", "--vocab", "60", "--iterations", "10", "--jobs", "2");
        // the model is made from what could be read; the exit code says something was left out
        assertEquals(PromptwaveCommand.EXIT_FAILED_INPUT, fit.exitCode(), fit.err());
        assertTrue(fit.out().startsWith(model + ": 20 units, 60 pseudo subwords from 3 utterances (2040 frames)"), fit.out());
        assertEquals("promptwave units: " + dir.resolve("missing.wav") + ": no such file\n"
                + "promptwave units fit: 1 of 4 utterances could not be read and were left out\n", fit.err());
        assertTrue(Files.exists(model.resolve("units.json")) && Files.exists(model.resolve("units.safetensors")));

        Path targets = dir.resolve("targets.jsonl");
        CommandRun encode = CommandRun.of("units", "encode", "--model", model.toString(), "--manifest", manifest.toString(),
                "--out", targets.toString());
        assertEquals(PromptwaveCommand.EXIT_FAILED_INPUT, encode.exitCode(), encode.err());
        assertTrue(encode.err().endsWith("promptwave units encode: 1 of 4 utterances could not be read and were left "
                + "out\n"), encode.err());
        List<String> out = Files.readAllLines(targets);
        assertEquals(3, out.size());
        JsonObject first = JsonParser.parseString(out.get(0)).getAsJsonObject();
        assertEquals("weather-en-gb-44k-stereo.mp3", first.get("id").getAsString());
        int length = first.getAsJsonArray("units").size();
        assertTrue(length > 50 && length < 1492, "pseudo subwords are fewer than frames: " + length);
        first.getAsJsonArray("units").forEach(u -> assertTrue(u.getAsInt() >= 0 && u.getAsInt() < 60));
    }

    @Test
    void encodingWithoutAModelNamesIt() {
        CommandRun run = CommandRun.of("units", "encode", "--model", dir.toString(), "--manifest", "x.jsonl", "--out",
                dir.resolve("t.jsonl").toString());
        assertEquals(1, run.exitCode());
        assertEquals("promptwave units encode: " + dir + ": no unit model (needs units.json and units.safetensors)\n",
                run.err());
    }
}
