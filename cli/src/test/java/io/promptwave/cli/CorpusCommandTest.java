package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.corpus.spec.CorpusSpec;
import io.promptwave.corpus.tts.EngineCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusCommandTest {
    private static final Path SPEC = Path.of(System.getProperty("promptwave.recipes", "../recipes"),
            "corpora/slots-smarthome.json");

    @TempDir
    Path dir;

    @Test
    void synthThenCheckASmallCorpusThenFindATamperedOne() throws Exception {
        TreeSet<String> missing = EngineCheck.missingPackages(CorpusSpec.load(SPEC).allVoices());
        if ("1".equals(System.getenv("PROMPTWAVE_REQUIRE_TTS")) && !missing.isEmpty()) {
            throw new AssertionError("apt-get install " + String.join(" ", missing));
        }
        Assumptions.assumeTrue(missing.isEmpty(), "needs apt-get install " + String.join(" ", missing));
        Path out = dir.resolve("slots");
        CommandRun synth = CommandRun.of("corpus", "synth", "--spec", SPEC.toString(), "--out", out.toString(),
                "--scale", "small", "--jobs", "2");
        assertEquals(0, synth.exitCode(), synth.err());
        assertTrue(synth.out().startsWith("slots-smarthome: 52 utterances, "), synth.out());
        assertTrue(synth.out().contains("  train-200         8 utterances"), synth.out());
        assertTrue(synth.out().contains("  dev-heldout       8 utterances"), synth.out());
        assertTrue(synth.err().contains("slots-smarthome [==============================] 65/65"), synth.err());

        CommandRun check = CommandRun.of("corpus", "check", out.toString());
        assertEquals(0, check.exitCode(), check.err());
        assertTrue(check.out().startsWith("1 corpora, 5 manifests, 52 utterances, "), check.out());
        assertTrue(check.out().endsWith(": no problems\n"), check.out());

        Path firstAudio;
        try (var files = Files.list(out.resolve("audio"))) {
            firstAudio = files.filter(p -> p.toString().endsWith(".wav")).sorted().findFirst().orElseThrow();
        }
        Files.write(firstAudio, new byte[] {1, 2, 3});
        CommandRun tampered = CommandRun.of("corpus", "check", out.toString());
        assertEquals(1, tampered.exitCode());
        assertTrue(tampered.err().contains("audio does not decode: " + firstAudio + ": "), tampered.err());
    }

    @Test
    void badUsageIsReported() {
        CommandRun scale = CommandRun.of("corpus", "synth", "--spec", SPEC.toString(), "--out", dir.toString(),
                "--scale", "huge");
        assertEquals(2, scale.exitCode());
        assertEquals("promptwave corpus synth: --scale must be small or full, got 'huge' (see 'promptwave corpus synth --help')",
                scale.err().strip());
        CommandRun missingSpec = CommandRun.of("corpus", "synth", "--spec", dir.resolve("nope.json").toString(),
                "--out", dir.toString());
        assertEquals(1, missingSpec.exitCode());
        assertEquals("promptwave corpus synth: " + dir.resolve("nope.json") + ": no such spec file\n", missingSpec.err());
        CommandRun notDir = CommandRun.of("corpus", "check", dir.resolve("nope").toString());
        assertEquals(2, notDir.exitCode());
    }
}
