package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SegmentCommandTest {
    private final Path weather = CommandRun.sample("weather-en-gb-44k-stereo.mp3");

    @Test
    void textFormatPrintsOrderedSegmentsWithinTheRecording() {
        CommandRun run = CommandRun.of("segment", weather.toString());
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().split("\n");
        // the forecast has five sentences with pauses between them
        assertEquals(5, lines.length, run.out());
        double previousEnd = 0;
        for (String line : lines) {
            String[] fields = line.split("\t");
            assertEquals(weather.toString(), fields[0]);
            double start = Double.parseDouble(fields[1]);
            double end = Double.parseDouble(fields[2]);
            assertTrue(start >= previousEnd && end > start && end <= 14.97, line);
            previousEnd = end;
        }
    }

    @Test
    void jsonlFormatMatchesTextFormat() {
        CommandRun text = CommandRun.of("segment", weather.toString());
        CommandRun json = CommandRun.of("segment", "--format", "jsonl", weather.toString());
        JsonArray segments = JsonParser.parseString(json.out().trim()).getAsJsonObject().getAsJsonArray("segments");
        String[] lines = text.out().split("\n");
        assertEquals(lines.length, segments.size());
        assertEquals(Double.parseDouble(lines[2].split("\t")[1]), segments.get(2).getAsJsonObject().get("start").getAsDouble());
    }

    @Test
    void badOptionIsUsageError() {
        CommandRun run = CommandRun.of("segment", "--max-segment", "0", weather.toString());
        assertEquals(2, run.exitCode());
        assertEquals("promptwave segment: maximum segment must be at least 0.1 s, got 0.0 (see 'promptwave segment --help')",
                run.err().strip());
    }
}
