package io.promptwave.corpus.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.Manifest;
import io.promptwave.corpus.ManifestEntry;
import io.promptwave.corpus.TtsAvailable;
import io.promptwave.corpus.check.CorpusChecker;
import io.promptwave.corpus.plan.CorpusPlan;
import io.promptwave.corpus.plan.CorpusPlanner;
import io.promptwave.corpus.spec.CorpusSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small-scale runs of every shipped spec, with real engines. */
class CorpusGeneratorTest {
    private static final String[] SPECS = {"en-pretrain", "en-test", "en-newvoice", "it-lowres", "slots-smarthome"};

    @TempDir
    static Path dir;

    @BeforeAll
    static void generateEverySpecAtSmallScale() throws Exception {
        TtsAvailable.assume(SPECS);
        for (String name : SPECS) {
            generate(name, dir.resolve(name), 2);
        }
    }

    static CorpusSummary generate(String name, Path out, int jobs) throws CorpusException, IOException {
        CorpusSpec spec = CorpusSpec.load(TtsAvailable.recipe("corpora/" + name + ".json"));
        CorpusPlan plan = new CorpusPlanner().plan(spec, "small", spec.seed());
        return new CorpusGenerator().generate(plan, out, jobs, ProgressListener.NONE);
    }

    @Test
    void everyCorpusPassesTheChecksTogether() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String name : SPECS) {
            dirs.add(dir.resolve(name));
        }
        CorpusChecker.Report report = new CorpusChecker().check(dirs);
        assertEquals(List.of(), report.problems());
        assertEquals(5, report.corpora());
        assertEquals(15, report.manifests(), "slots-smarthome has five: train, train-200, dev, dev-heldout, test");
    }

    @Test
    void splitsHaveTheirSmallSizesAndSubsetsAreTheirParentsStart() throws CorpusException, IOException {
        Path newvoice = dir.resolve("en-newvoice");
        List<ManifestEntry> train = Manifest.read(newvoice.resolve("train-1h.jsonl"));
        List<ManifestEntry> tenMinutes = Manifest.read(newvoice.resolve("train-10min.jsonl"));
        assertEquals(12, train.size());
        assertEquals(train.subList(0, 4), tenMinutes);
        assertEquals(8, Manifest.read(newvoice.resolve("test.jsonl")).size());
        for (ManifestEntry e : train) {
            assertTrue(e.speaker().endsWith("/telephone-snr5-20"), e.speaker());
            assertTrue(e.duration() >= 1 && e.duration() <= 15, e.id() + " lasts " + e.duration());
        }
        List<ManifestEntry> slots = Manifest.read(dir.resolve("slots-smarthome/test.jsonl"));
        assertEquals(12, slots.size());
        assertTrue(slots.stream().allMatch(e -> e.intent() != null), "every command has an intent");
        List<ManifestEntry> devHeldOut = Manifest.read(dir.resolve("slots-smarthome/dev-heldout.jsonl"));
        assertEquals(8, devHeldOut.size());
        assertTrue(devHeldOut.stream().noneMatch(d -> slots.stream().anyMatch(t -> t.text().equals(d.text()))),
                "dev-heldout says nothing test says");
        List<ManifestEntry> italianTrain = Manifest.read(dir.resolve("it-lowres/train-1h.jsonl"));
        assertTrue(italianTrain.stream().noneMatch(e -> e.speaker().startsWith("festival/pc_diphone")),
                "festival pc is for the test split only");
        assertTrue(Files.readAllLines(dir.resolve("en-pretrain/text/sentences.txt")).size() > 15000,
                "the language-model text holds the whole pretrain pool");
    }

    @Test
    void sameSpecSeedAndScaleGiveTheSameBytes() throws Exception {
        Path again = dir.resolve("again");
        generate("en-newvoice", again, 1);
        for (String file : new String[] {"corpus.json", "checksums.sha256", "train-1h.jsonl", "dev.jsonl", "test.jsonl"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("en-newvoice").resolve(file)),
                    Files.readAllBytes(again.resolve(file)), file);
        }
    }

    @Test
    void anInterruptedRunResumesWithoutRedoingFinishedUtterances() throws Exception {
        Path resumed = dir.resolve("resumed");
        generate("slots-smarthome", resumed, 2);
        // simulate a kill: some utterances never written, the summary and manifests not yet written
        List<Path> removed = new ArrayList<>();
        try (var files = Files.list(resumed.resolve("audio"))) {
            for (Path p : files.sorted().toList()) {
                if (removed.size() < 9) {
                    Files.delete(p);
                    removed.add(p);
                }
            }
        }
        Files.delete(resumed.resolve("corpus.json"));
        AtomicInteger redone = new AtomicInteger();
        AtomicInteger alreadyDone = new AtomicInteger();
        CorpusSpec spec = CorpusSpec.load(TtsAvailable.recipe("corpora/slots-smarthome.json"));
        new CorpusGenerator().generate(new CorpusPlanner().plan(spec, "small", spec.seed()), resumed, 2,
                new ProgressListener() {
                    @Override
                    public void started(int total, int done) {
                        alreadyDone.set(done);
                        assertEquals(total - 9, done);
                    }

                    @Override
                    public void finished(int count) {
                        redone.addAndGet(count);
                    }
                });
        assertEquals(9, redone.get(), "only the missing utterances are synthesised again");
        assertArrayEquals(Files.readAllBytes(dir.resolve("slots-smarthome/corpus.json")),
                Files.readAllBytes(resumed.resolve("corpus.json")));
    }

    @Test
    void aDirectoryHoldingAnotherCorpusIsRefused() {
        CorpusException e = org.junit.jupiter.api.Assertions.assertThrows(CorpusException.class,
                () -> generate("en-test", dir.resolve("en-newvoice"), 1));
        assertTrue(e.getMessage().startsWith(dir.resolve("en-newvoice") + " holds another corpus (en-newvoice "),
                e.getMessage());
    }
}
