package io.promptwave.corpus.check;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.Manifest;
import io.promptwave.corpus.ManifestEntry;
import io.promptwave.corpus.SlotSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks generated corpora and lists every problem found, each naming its file (and line or
 * utterance). An empty list means the corpora pass.
 */
public final class CorpusChecker {
    /** Durations in a manifest must match the decoded audio this closely, in seconds. */
    static final double DURATION_TOLERANCE = 0.01;
    private final AudioDecoder decoder = new AudioDecoder();

    /** What one checked corpus holds, for the summary line. */
    public record Report(List<String> problems, int corpora, int manifests, int utterances, double hours) {
    }

    /**
     * @param dirs corpus directories (each with {@code corpus.json} and {@code *.jsonl})
     * @return the problems and what was checked
     */
    public Report check(List<Path> dirs) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<Path, Map<String, List<ManifestEntry>>> corpora = new LinkedHashMap<>();
        int manifests = 0;
        int utterances = 0;
        double seconds = 0;
        for (Path dir : dirs) {
            Map<String, List<ManifestEntry>> splits = new LinkedHashMap<>();
            Summary summary = readSummary(dir, problems);
            List<Path> files;
            try (var list = Files.list(dir)) {
                files = list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
            } catch (IOException e) {
                problems.add(dir + ": cannot list (" + e.getMessage() + ")");
                continue;
            }
            if (files.isEmpty()) {
                problems.add(dir + ": no manifests (*.jsonl)");
            }
            for (Path file : files) {
                String split = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
                List<ManifestEntry> entries;
                try {
                    entries = Manifest.read(file);
                } catch (CorpusException e) {
                    problems.add(e.getMessage());
                    continue;
                }
                manifests++;
                splits.put(split, entries);
                checkEntries(file, entries, summary, problems);
            }
            corpora.put(dir, splits);
            Map<String, List<ManifestEntry>> own = withoutSubsets(splits);
            for (List<ManifestEntry> entries : own.values()) {
                utterances += entries.size();
                seconds += entries.stream().mapToDouble(ManifestEntry::duration).sum();
            }
            checkDisjointSplits(dir, own, problems);
        }
        checkTestLeakage(corpora, problems);
        return new Report(problems, dirs.size(), manifests, utterances, seconds / 3600);
    }

    private void checkEntries(Path manifest, List<ManifestEntry> entries, Summary summary, List<String> problems) {
        Set<String> ids = new HashSet<>();
        for (ManifestEntry e : entries) {
            String where = manifest + ": " + e.id() + ": ";
            if (!ids.add(e.id())) {
                problems.add(where + "id appears twice");
            }
            if (e.text().isBlank()) {
                problems.add(where + "empty text");
            }
            if (e.lang() == null || e.lang().isBlank()) {
                problems.add(where + "no lang");
            }
            for (String excluded : summary.excludedVoices) {
                if (e.speaker() != null && (e.speaker().startsWith(excluded + "/") || e.speaker().startsWith(excluded + "+"))) {
                    problems.add(where + "speaker " + e.speaker() + " uses the excluded voice " + excluded);
                }
            }
            for (SlotSpan s : e.slots()) {
                if (s.start() < 0 || s.end() > e.text().length() || s.start() >= s.end()) {
                    problems.add(where + "slot " + s.type() + " [" + s.start() + ", " + s.end() + ") lies outside the text");
                } else if (!e.text().substring(s.start(), s.end()).equals(s.value())) {
                    problems.add(where + "slot " + s.type() + " spans '" + e.text().substring(s.start(), s.end())
                            + "' but its value is '" + s.value() + "'");
                }
            }
            if (!e.slots().isEmpty() && e.intent() == null) {
                problems.add(where + "slots without an intent");
            }
            Path audio = manifest.getParent().resolve(e.audio());
            try {
                PcmAudio pcm = decoder.decode(audio);
                if (Math.abs(pcm.durationSeconds() - e.duration()) > DURATION_TOLERANCE) {
                    problems.add(where + String.format(java.util.Locale.ROOT, "duration %.3f s in the manifest, %.3f s in %s",
                            e.duration(), pcm.durationSeconds(), e.audio()));
                }
            } catch (AudioFormatException | IOException ex) {
                problems.add(where + "audio does not decode: " + ex.getMessage());
            }
        }
    }

    /** Splits whose ids all belong to another split are subsets (train-10min of train-1h): not checked apart. */
    private static Map<String, List<ManifestEntry>> withoutSubsets(Map<String, List<ManifestEntry>> splits) {
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        splits.forEach((name, entries) -> ids.put(name, entries.stream().map(ManifestEntry::id)
                .collect(java.util.stream.Collectors.toSet())));
        Map<String, List<ManifestEntry>> kept = new LinkedHashMap<>();
        for (Map.Entry<String, List<ManifestEntry>> a : splits.entrySet()) {
            Set<String> mine = ids.get(a.getKey());
            boolean subset = ids.entrySet().stream().anyMatch(b -> !b.getKey().equals(a.getKey())
                    && b.getValue().size() > mine.size() && b.getValue().containsAll(mine));
            if (!subset) {
                kept.put(a.getKey(), a.getValue());
            }
        }
        return kept;
    }

    private static void checkDisjointSplits(Path dir, Map<String, List<ManifestEntry>> splits, List<String> problems) {
        List<String> names = new ArrayList<>(splits.keySet());
        for (int i = 0; i < names.size(); i++) {
            Set<String> a = texts(splits.get(names.get(i)));
            for (int j = i + 1; j < names.size(); j++) {
                for (ManifestEntry e : splits.get(names.get(j))) {
                    if (a.contains(e.text())) {
                        problems.add(dir + ": sentence '" + e.text() + "' is in both " + names.get(i) + " and " + names.get(j));
                        break;
                    }
                }
            }
        }
    }

    private static void checkTestLeakage(Map<Path, Map<String, List<ManifestEntry>>> corpora, List<String> problems)
            throws IOException {
        for (Map.Entry<Path, Map<String, List<ManifestEntry>>> a : corpora.entrySet()) {
            for (Map.Entry<String, List<ManifestEntry>> split : a.getValue().entrySet()) {
                if (!split.getKey().startsWith("test")) {
                    continue;
                }
                Set<String> test = texts(split.getValue());
                for (Map.Entry<Path, Map<String, List<ManifestEntry>>> b : corpora.entrySet()) {
                    if (a.getKey().equals(b.getKey())) {
                        continue;
                    }
                    Set<String> other = new HashSet<>();
                    b.getValue().values().forEach(list -> other.addAll(texts(list)));
                    Path lm = b.getKey().resolve("text/sentences.txt");
                    if (Files.exists(lm)) {
                        other.addAll(Files.readAllLines(lm, StandardCharsets.UTF_8));
                    }
                    long leaked = test.stream().filter(other::contains).count();
                    if (leaked > 0) {
                        problems.add(a.getKey() + ": " + leaked + " sentences of " + split.getKey() + " also appear in "
                                + b.getKey());
                    }
                }
            }
        }
    }

    private static Set<String> texts(List<ManifestEntry> entries) {
        Set<String> texts = new HashSet<>();
        entries.forEach(e -> texts.add(e.text()));
        return texts;
    }

    private static Summary readSummary(Path dir, List<String> problems) {
        Path file = dir.resolve("corpus.json");
        try {
            Summary s = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Summary.class);
            if (s == null) {
                problems.add(file + ": empty");
                return new Summary();
            }
            if (s.excludedVoices == null) {
                s.excludedVoices = List.of();
            }
            return s;
        } catch (IOException e) {
            problems.add(file + ": missing (is " + dir + " a generated corpus?)");
        } catch (JsonParseException e) {
            problems.add(file + ": not valid JSON (" + e.getMessage() + ")");
        }
        return new Summary();
    }

    /** The part of corpus.json the checks need. */
    private static final class Summary {
        @SerializedName("excluded_voices")
        List<String> excludedVoices = List.of();
    }
}
