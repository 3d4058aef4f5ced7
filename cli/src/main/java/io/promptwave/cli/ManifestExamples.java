package io.promptwave.cli;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.eval.TranscriptionEvaluator;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.FeatureCache;
import io.promptwave.core.train.TrainingExample;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.Manifest;
import io.promptwave.corpus.ManifestEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** Manifest entries to transcription examples: features from the cache, text to byte tokens. */
final class ManifestExamples {
    private ManifestExamples() {
    }

    /**
     * The entries of one or more manifests, each with the folder its audio path is relative to.
     *
     * @param entries manifest entries, in order
     * @param bases the folder of each entry's manifest
     */
    record Listed(List<ManifestEntry> entries, List<Path> bases) {
        /** @return the entries of every manifest, in order */
        static Listed of(List<Path> manifests) throws IOException, CorpusException {
            List<ManifestEntry> entries = new ArrayList<>();
            List<Path> bases = new ArrayList<>();
            for (Path m : manifests) {
                for (ManifestEntry e : Manifest.read(m)) {
                    entries.add(e);
                    bases.add(m.toAbsolutePath().getParent());
                }
            }
            return new Listed(entries, bases);
        }

        /** @return the entries by id */
        Map<String, ManifestEntry> byId() {
            Map<String, ManifestEntry> out = new HashMap<>();
            for (ManifestEntry e : entries) {
                out.put(e.id(), e);
            }
            return out;
        }

        /** @return the first {@code limit} entries (all of them when {@code limit} is 0 or more than there are) */
        Listed first(int limit) {
            return limit <= 0 || limit >= entries.size() ? this
                    : new Listed(entries.subList(0, limit), bases.subList(0, limit));
        }
    }

    /**
     * @param vocabulary the model's vocabulary
     * @param listed manifest entries and their folders
     * @param cache feature cache
     * @param err where skipped files and progress are reported
     * @param command the command name the reports start with
     * @return the readable entries as examples ({@link #read(Vocabulary, List, List, FeatureCache, PrintWriter, String)})
     */
    static List<TrainingExample> read(Vocabulary vocabulary, Listed listed, FeatureCache cache, PrintWriter err,
            String command) {
        return read(vocabulary, listed.entries(), listed.bases(), cache, err, command);
    }

    /**
     * Features of every entry, two threads; an unreadable file is reported and skipped.
     *
     * @param vocabulary the model's vocabulary
     * @param entries manifest entries
     * @param bases the folder each entry's audio path is relative to
     * @param cache feature cache
     * @param err where skipped files and progress are reported
     * @param command the command name the reports start with
     * @return the readable entries, each as an {@code <asr> <lang>} example, in manifest order
     */
    static List<TrainingExample> read(Vocabulary vocabulary, List<ManifestEntry> entries, List<Path> bases,
            FeatureCache cache, PrintWriter err, String command) {
        return read(entries, bases, cache, err, command, (e, f) -> {
            String lang = e.lang() == null ? "en" : e.lang();
            int[] prefix = {Vocabulary.ASR, vocabulary.language(lang)};
            return new TrainingExample(e.id(), f, prefix, vocabulary.encode(e.text()), true);
        });
    }

    /** Makes one example of an entry and its features; an IllegalArgumentException skips the entry with its message. */
    @FunctionalInterface
    interface ExampleMaker {
        TrainingExample make(ManifestEntry entry, FeatureSequence features);
    }

    /**
     * Features of every entry, two threads; an unreadable file, or an entry the maker refuses, is
     * reported and skipped.
     *
     * @param listed manifest entries and their folders
     * @param cache feature cache
     * @param err where skipped entries and progress are reported
     * @param command the command name the reports start with
     * @param maker the task's example for an entry
     * @return the usable entries as examples, in manifest order
     */
    static List<TrainingExample> read(Listed listed, FeatureCache cache, PrintWriter err, String command,
            ExampleMaker maker) {
        return read(listed.entries(), listed.bases(), cache, err, command, maker);
    }

    private static List<TrainingExample> read(List<ManifestEntry> entries, List<Path> bases, FeatureCache cache,
            PrintWriter err, String command, ExampleMaker maker) {
        TrainingExample[] out = new TrainingExample[entries.size()];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, entries.size()).parallel().forEach(i -> {
            ManifestEntry e = entries.get(i);
            Path audio = bases.get(i).resolve(e.audio());
            try {
                out[i] = maker.make(e, cache.features(audio));
            } catch (AudioFormatException | IOException | IllegalArgumentException ex) {
                synchronized (err) {
                    err.println(command + ": skipping " + e.id() + ": " + PromptwaveCommand.describe(ex));
                }
            }
            int n = done.incrementAndGet();
            if (n % 2000 == 0) {
                synchronized (err) {
                    err.printf(Locale.ROOT, "%s: features %,d / %,d%n", command, n, entries.size());
                    err.flush();
                }
            }
        });
        List<TrainingExample> list = new ArrayList<>();
        for (TrainingExample e : out) {
            if (e != null && e.features().frames() >= 16) {
                list.add(e);
            }
        }
        return list;
    }

    /**
     * @param examples utterances read from {@code listed} (those that failed are missing)
     * @param listed the manifests they came from
     * @return the utterances with their languages (en when unsaid) and reference transcripts, for scoring
     */
    static List<TranscriptionEvaluator.Utterance> transcriptionUtterances(
            List<TrainingExample> examples, Listed listed) {
        Map<String, ManifestEntry> byId = listed.byId();
        List<TranscriptionEvaluator.Utterance> out = new ArrayList<>();
        for (TrainingExample example : examples) {
            ManifestEntry e = byId.get(example.id());
            out.add(new TranscriptionEvaluator.Utterance(e.id(), example.features(),
                    e.lang() == null ? "en" : e.lang(), e.text()));
        }
        return out;
    }
}
