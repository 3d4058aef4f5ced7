package io.promptwave.corpus.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.encode.WavWriter;
import io.promptwave.corpus.Manifest;
import io.promptwave.corpus.ManifestEntry;
import io.promptwave.corpus.SlotSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker on hand-made corpora: every kind of fault is found and named. */
class CorpusCheckerTest {
    @TempDir
    Path dir;

    private Path corpus(String name, String excluded, List<ManifestEntry> train, List<ManifestEntry> test)
            throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(root.resolve("audio"));
        Files.writeString(root.resolve("corpus.json"), "{\"excluded_voices\": [\"" + excluded + "\"]}");
        for (ManifestEntry e : train) {
            audio(root, e);
        }
        for (ManifestEntry e : test) {
            audio(root, e);
        }
        Manifest.write(train, root.resolve("train.jsonl"));
        Manifest.write(test, root.resolve("test.jsonl"));
        return root;
    }

    private static void audio(Path root, ManifestEntry e) throws IOException {
        WavWriter.write(PcmAudio.of(new float[16000], 16000, e.id()), WavWriter.Encoding.PCM_16, root.resolve(e.audio()));
    }

    private static ManifestEntry entry(String id, String text, String speaker, double duration, List<SlotSpan> slots) {
        return new ManifestEntry(id, "audio/" + id + ".wav", duration, text, null, speaker, "en",
                slots.isEmpty() ? null : "alarm_set", slots);
    }

    @Test
    void aCleanCorpusHasNoProblems() throws IOException {
        Path c = corpus("clean", "flite/rms",
                List.of(entry("a", "wake me at noon", "flite/kal16/r1.00/clean", 1.0,
                        List.of(new SlotSpan("time", "noon", 11, 15)))),
                List.of(entry("b", "another sentence here", "flite/kal16/r1.00/clean", 1.0, List.of())));
        CorpusChecker.Report report = new CorpusChecker().check(List.of(c));
        assertEquals(List.of(), report.problems());
        assertEquals(2, report.utterances());
    }

    @Test
    void everyFaultIsNamed() throws IOException {
        Path c = corpus("faulty", "flite/rms",
                List.of(entry("a", "wake me at noon", "flite/rms/r1.00/clean", 1.5,
                        List.of(new SlotSpan("time", "noon", 10, 14))),
                        entry("b", "shared sentence", "flite/kal16/r1.00/clean", 1.0, List.of())),
                List.of(entry("c", "shared sentence", "flite/kal16/r1.00/clean", 1.0, List.of())));
        Files.delete(c.resolve("audio/c.wav"));
        List<String> problems = new CorpusChecker().check(List.of(c)).problems();
        Path train = c.resolve("train.jsonl");
        assertEquals(List.of(
                c.resolve("test.jsonl") + ": c: audio does not decode: " + c.resolve("audio/c.wav") + ": no such file",
                train + ": a: speaker flite/rms/r1.00/clean uses the excluded voice flite/rms",
                train + ": a: slot time spans ' noo' but its value is 'noon'",
                train + ": a: duration 1.500 s in the manifest, 1.000 s in audio/a.wav",
                c + ": sentence 'shared sentence' is in both test and train"), problems);
    }

    @Test
    void testSentencesFoundInAnotherCorpusAreLeakage() throws IOException {
        Path a = corpus("a", "x/y", List.of(entry("a1", "one two three", "s", 1.0, List.of())),
                List.of(entry("a2", "the secret test sentence", "s", 1.0, List.of())));
        Path b = corpus("b", "x/y", List.of(entry("b1", "something else entirely", "s", 1.0, List.of())),
                List.of(entry("b2", "more test words", "s", 1.0, List.of())));
        Files.createDirectories(b.resolve("text"));
        Files.writeString(b.resolve("text/sentences.txt"), "the secret test sentence\n");
        assertEquals(List.of(a + ": 1 sentences of test also appear in " + b),
                new CorpusChecker().check(List.of(a, b)).problems());
    }

    @Test
    void malformedManifestLineIsNamedWithItsNumber() throws IOException {
        Path c = corpus("broken", "x/y", List.of(), List.of());
        Files.writeString(c.resolve("train.jsonl"), "{\"id\": \"a\", \"audio\": \"audio/a.wav\", \"text\": \"hi\"}\nnot json\n");
        List<String> problems = new CorpusChecker().check(List.of(c)).problems();
        assertEquals(1, problems.size());
        assertEquals(true, problems.get(0).startsWith(c.resolve("train.jsonl") + ":2: not a JSON object"), problems.get(0));
    }
}
