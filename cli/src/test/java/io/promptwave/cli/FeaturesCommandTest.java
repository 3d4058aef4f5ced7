package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.feature.FbankExtractor;
import io.promptwave.audio.feature.FeaturePipeline;
import io.promptwave.audio.npy.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {
    @TempDir
    Path dir;

    private final Path mp3 = CommandRun.sample("weather-en-gb-44k-stereo.mp3");
    private final Path mulaw = CommandRun.sample("alarm-en-us-8k-mulaw.wav");
    private final Path ogg = CommandRun.sample("music-en-us-48k-stereo.ogg");

    @Test
    void writesOneNpyPerInputWithThePipelinesFeatures() throws IOException, AudioFormatException {
        CommandRun run = CommandRun.of("features", "-o", dir.toString(), mp3.toString(), mulaw.toString(), ogg.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        FeatureSequence written = NpyFile.read(dir.resolve("alarm-en-us-8k-mulaw.npy"), 100);
        FeatureSequence expected = new FeaturePipeline(new AudioDecoder(), FbankExtractor::new).extract(mulaw);
        assertEquals(80, written.dims());
        assertEquals(274, written.frames());
        assertArrayEquals(expected.toRowMajor(), written.toRowMajor());
        assertEquals(1492, NpyFile.read(dir.resolve("weather-en-gb-44k-stereo.npy"), 100).frames());
        assertEquals(274, NpyFile.read(dir.resolve("music-en-us-48k-stereo.npy"), 100).frames());
        assertTrue(run.out().contains(mulaw + " -> " + dir.resolve("alarm-en-us-8k-mulaw.npy") + " [274, 80]"), run.out());
    }

    @Test
    void failedInputsAreReportedOneLineEachAndTheOthersStillWritten() throws IOException {
        Path broken = Files.write(dir.resolve("broken.wav"), "RIFF\0\0\0\0WAVEfmt ".getBytes());
        Path text = Files.writeString(dir.resolve("notes.mp3"), "just some text\n");
        Path out = dir.resolve("out");
        CommandRun run = CommandRun.of("features", "-o", out.toString(), broken.toString(), mulaw.toString(),
                text.toString(), dir.resolve("missing.ogg").toString());
        assertEquals(1, run.exitCode());
        String[] lines = run.errLines();
        assertEquals(3, lines.length, run.err());
        assertEquals("promptwave features: " + broken + ": truncated WAV header: file ends inside the fmt chunk", lines[0]);
        assertTrue(lines[1].startsWith("promptwave features: " + text + ": not audio FFmpeg can decode"), lines[1]);
        assertEquals("promptwave features: " + dir.resolve("missing.ogg") + ": no such file", lines[2]);
        assertTrue(Files.exists(out.resolve("alarm-en-us-8k-mulaw.npy")));
        assertTrue(!run.err().contains("Exception") && !run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void jsonlCarriesTheFeaturesInline() {
        CommandRun run = CommandRun.of("features", "--format", "jsonl", "--kind", "mfcc", mulaw.toString());
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(1, lines.length);
        JsonObject json = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals(mulaw.toString(), json.get("input").getAsString());
        assertEquals(13, json.get("dims").getAsInt());
        JsonArray frames = json.getAsJsonArray("features");
        assertEquals(json.get("frames").getAsInt(), frames.size());
        assertEquals(13, frames.get(0).getAsJsonArray().size());
    }

    @Test
    void jsonlWithAnOutputDirectoryGoesToFeaturesJsonl() throws IOException {
        Path out = dir.resolve("json");
        CommandRun run = CommandRun.of("features", "--format", "jsonl", "-o", out.toString(), mulaw.toString(),
                ogg.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        java.util.List<String> lines = Files.readAllLines(out.resolve("features.jsonl"));
        assertEquals(2, lines.size());
        assertEquals(ogg.toString(), JsonParser.parseString(lines.get(1)).getAsJsonObject().get("input").getAsString());
    }

    @Test
    void sameNamesInOneRunDoNotOverwriteEachOther() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.copy(mulaw, a.resolve("x.wav"));
        Files.copy(ogg, b.resolve("x.ogg"));
        Path out = dir.resolve("out");
        CommandRun run = CommandRun.of("features", "-o", out.toString(), a.resolve("x.wav").toString(),
                b.resolve("x.ogg").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(out.resolve("x.npy")));
        assertTrue(Files.exists(out.resolve("x-2.npy")));
    }

    @Test
    void globalCmvnFromTheCmvnCommandCentresTheFeatures() throws IOException {
        Path stats = dir.resolve("cmvn.json");
        CommandRun cmvn = CommandRun.of("cmvn", "-o", stats.toString(), mulaw.toString());
        assertEquals(0, cmvn.exitCode(), cmvn.err());
        assertEquals(stats + ": 274 frames from 1 files, 80 dimensions\n", cmvn.out());
        CommandRun run = CommandRun.of("features", "--cmvn", stats.toString(), "-o", dir.toString(), mulaw.toString());
        assertEquals(0, run.exitCode(), run.err());
        FeatureSequence normalised = NpyFile.read(dir.resolve("alarm-en-us-8k-mulaw.npy"), 100);
        for (int d = 0; d < 80; d += 13) {
            double sum = 0;
            double squares = 0;
            for (int f = 0; f < normalised.frames(); f++) {
                sum += normalised.get(f, d);
                squares += normalised.get(f, d) * (double) normalised.get(f, d);
            }
            assertEquals(0, sum / normalised.frames(), 1e-4, "mean of dim " + d);
            assertEquals(1, squares / normalised.frames(), 1e-3, "variance of dim " + d);
        }
    }

    @Test
    void cmvnOfTheWrongSizeIsRefusedBeforeAnyWork() {
        Path stats = dir.resolve("mfcc.json");
        assertEquals(0, CommandRun.of("cmvn", "--kind", "mfcc", "-o", stats.toString(), mulaw.toString()).exitCode());
        CommandRun run = CommandRun.of("features", "--cmvn", stats.toString(), "-o", dir.toString(), mulaw.toString());
        assertEquals(1, run.exitCode());
        assertEquals("promptwave features: " + stats + ": statistics have 13 dimensions but --kind fbank gives 80;"
                + " compute them with the same --kind and --mel-bins\n", run.err());
    }

    @Test
    void badUsageExitsWithTwoAndOneClearLine() {
        CommandRun noFiles = CommandRun.of("features");
        assertEquals(2, noFiles.exitCode());
        assertEquals("promptwave features: Missing required parameter: 'FILE' (see 'promptwave features --help')",
                noFiles.err().strip());
        CommandRun badFormat = CommandRun.of("features", "--format", "xml", "x.wav");
        assertEquals(2, badFormat.exitCode());
        assertEquals(1, badFormat.errLines().length, "one line: " + badFormat.err());
        assertTrue(badFormat.errLines()[0].contains("expected one of [npy, jsonl]"), badFormat.err());
        CommandRun badRate = CommandRun.of("features", "--sample-rate", "100", "x.wav");
        assertEquals(2, badRate.exitCode());
        assertEquals("promptwave features: --sample-rate must be between 4000 and 192000 Hz, got 100"
                + " (see 'promptwave features --help')", badRate.err().strip());
    }

    @Test
    void tooLongInputIsRefusedByMaxDuration() {
        CommandRun run = CommandRun.of("features", "--max-duration", "5", "-o", dir.toString(), mp3.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(mp3 + ": audio is longer than the maximum of 5.0 s"), run.err());
    }
}
