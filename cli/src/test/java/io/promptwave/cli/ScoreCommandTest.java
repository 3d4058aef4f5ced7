package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {
    @TempDir
    Path dir;

    private Path manifest() throws IOException {
        return Files.writeString(dir.resolve("refs.jsonl"),
                "{\"id\": \"u1\", \"audio\": \"a.wav\", \"text\": \"set an alarm for seven\"}\n"
                + "{\"id\": \"u2\", \"audio\": \"b.wav\", \"text\": \"play some jazz\"}\n"
                + "{\"id\": \"u3\", \"audio\": \"c.wav\", \"text\": \"turn off the lights\"}\n");
    }

    @Test
    void sphinxHypothesesAreScoredWithTheirCounts() throws IOException {
        Path hyp = Files.writeString(dir.resolve("out.hyp"),
                "set an alarm for seven (u1 -1234)\nplay sam jazz now (u2 -99)\n");
        Path details = dir.resolve("details.jsonl");
        CommandRun run = CommandRun.of("score", "--manifest", manifest().toString(), "--hyp", hyp.toString(),
                "--details", details.toString());
        assertEquals(0, run.exitCode(), run.err());
        // u2: some->sam (S), now (I); u3 missing: 4 deletions; 12 reference words
        assertEquals("WER 50.00 % (1 substitutions, 4 deletions, 1 insertions over 12 words)", run.out().split("\n")[0]);
        assertEquals("3 utterances, 1 without a hypothesis", run.out().split("\n")[2]);
        assertTrue(run.err().contains("1 utterances of " + dir.resolve("refs.jsonl") + " have no hypothesis"), run.err());
        assertEquals(3, Files.readAllLines(details).size());
    }

    @Test
    void jsonlHypothesesWithCapitalsAndPunctuationScorePerfectly() throws IOException {
        Path hyp = Files.writeString(dir.resolve("out.jsonl"), "{\"id\": \"u1\", \"text\": \"Set an alarm for seven.\"}\n"
                + "{\"id\": \"u2\", \"text\": \"Play some jazz!\"}\n{\"id\": \"u3\", \"text\": \"turn off the lights\"}\n");
        CommandRun run = CommandRun.of("score", "--manifest", manifest().toString(), "--hyp", hyp.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("WER 0.00 % (0 substitutions, 0 deletions, 0 insertions over 12 words)\n"
                + "CER 0.00 %"), run.out());
    }

    @Test
    void malformedHypothesisLinesAreNamed() throws IOException {
        Path hyp = Files.writeString(dir.resolve("bad.hyp"), "set an alarm (u1)\nthis line has no id\n");
        CommandRun run = CommandRun.of("score", "--manifest", manifest().toString(), "--hyp", hyp.toString());
        assertEquals(1, run.exitCode());
        assertEquals("promptwave score: " + hyp + ":2: neither JSONL nor a Sphinx hyp line (\"words (id)\")\n", run.err());
    }
}
