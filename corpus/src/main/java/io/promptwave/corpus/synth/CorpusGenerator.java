package io.promptwave.corpus.synth;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.decode.PcmStream;
import io.promptwave.audio.encode.WavWriter;
import io.promptwave.corpus.Checksums;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.Manifest;
import io.promptwave.corpus.ManifestEntry;
import io.promptwave.corpus.channel.ChannelSimulator;
import io.promptwave.corpus.plan.CorpusPlan;
import io.promptwave.corpus.plan.PlannedUtterance;
import io.promptwave.corpus.spec.CorpusSpec;
import io.promptwave.corpus.tts.EngineCheck;
import io.promptwave.corpus.tts.Engine;
import io.promptwave.corpus.tts.Synthesizer;
import io.promptwave.corpus.tts.TtsRequest;
import io.promptwave.corpus.tts.Voice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Generates the audio, manifests and summary of a planned corpus in a directory.
 *
 * <p>Layout: {@code <split>.jsonl} manifests, {@code audio/<id>.wav}, {@code checksums.sha256}
 * (every audio file of every manifest), {@code corpus.json}, and for language-model specs
 * {@code text/sentences.txt}. A candidate whose speech lasts less than 1 s or more than 15 s, or
 * that an engine cannot say, leaves {@code audio/<id>.rejected} with the reason instead.
 */
public final class CorpusGenerator {
    static final double MIN_SECONDS = 1.0;
    static final double MAX_SECONDS = 15.0;
    private static final int BATCH = 16;
    private static final String STAMP = ".promptwave-corpus";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Synthesizer synthesizer = new Synthesizer();
    private final ChannelSimulator channel = new ChannelSimulator();
    private final AudioDecoder decoder = new AudioDecoder();

    /**
     * Generates (or resumes generating) {@code plan} in {@code out}.
     *
     * @param jobs worker threads
     * @return the summary written to {@code corpus.json}
     * @throws CorpusException when engines are missing, {@code out} holds another corpus, or
     *     synthesis fails
     */
    public CorpusSummary generate(CorpusPlan plan, Path out, int jobs, ProgressListener progress)
            throws CorpusException, IOException {
        CorpusSpec spec = plan.spec();
        TreeSet<String> missing = EngineCheck.missingPackages(spec.allVoices());
        if (!missing.isEmpty()) {
            throw new CorpusException(spec.name() + " needs Debian packages that are not installed; run: "
                    + "sudo apt-get install " + String.join(" ", missing));
        }
        Path audio = Files.createDirectories(out.resolve("audio"));
        Path work = Files.createDirectories(out.resolve(".work"));
        claim(out, plan);

        List<PlannedUtterance> all = plan.allCandidates();
        List<PlannedUtterance> todo = new ArrayList<>();
        for (PlannedUtterance u : all) {
            if (!Files.exists(audio.resolve(u.id() + ".wav")) && !Files.exists(audio.resolve(u.id() + ".rejected"))) {
                todo.add(u);
            }
        }
        progress.started(all.size(), all.size() - todo.size());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<PlannedUtterance> batch : batches(todo)) {
                futures.add(pool.submit(() -> {
                    runBatch(batch, audio, work);
                    progress.finished(batch.size());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
        CorpusSummary summary = finish(plan, out);
        deleteTree(work);
        return summary;
    }

    private void runBatch(List<PlannedUtterance> batch, Path audio, Path work) throws CorpusException, IOException {
        List<TtsRequest> requests = new ArrayList<>();
        for (PlannedUtterance u : batch) {
            requests.add(new TtsRequest(u.text(), u.voice(), work.resolve(u.id() + ".tts.wav")));
        }
        try {
            synthesizer.synthesize(requests);
        } catch (CorpusException batchFailed) {
            // find the utterance the engine cannot say: alone, it fails again and is rejected
            for (TtsRequest r : requests) {
                try {
                    synthesizer.synthesize(List.of(r));
                } catch (CorpusException alone) {
                    reject(audio, idOf(r), "engine failed: " + alone.getMessage());
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            PlannedUtterance u = batch.get(i);
            Path tts = requests.get(i).output();
            if (!Files.exists(tts)) {
                continue;
            }
            try {
                PcmAudio speech = decoder.decode(tts);
                PcmAudio stored = channel.apply(speech, u.channel(), u.seed());
                double seconds = stored.durationSeconds();
                if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
                    reject(audio, u.id(), String.format(java.util.Locale.ROOT, "%.2f s of speech, outside %.0f-%.0f s",
                            seconds, MIN_SECONDS, MAX_SECONDS));
                } else {
                    WavWriter.write(stored, u.channel().encoding(), audio.resolve(u.id() + ".wav"));
                }
            } catch (AudioFormatException e) {
                reject(audio, u.id(), "engine output unreadable: " + e.getMessage());
            } finally {
                Files.deleteIfExists(tts);
            }
        }
    }

    private static String idOf(TtsRequest r) {
        String name = r.output().getFileName().toString();
        return name.substring(0, name.length() - ".tts.wav".length());
    }

    private static void reject(Path audio, String id, String reason) throws IOException {
        Path marker = audio.resolve(id + ".rejected");
        Path tmp = audio.resolve(id + ".rejected.tmp");
        Files.writeString(tmp, reason + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Groups work so that festival, slow to start, gets many utterances per process. */
    private static List<List<PlannedUtterance>> batches(List<PlannedUtterance> todo) {
        Map<String, List<PlannedUtterance>> byEngine = new LinkedHashMap<>();
        for (PlannedUtterance u : todo) {
            byEngine.computeIfAbsent(u.voice().engine().id(), k -> new ArrayList<>()).add(u);
        }
        List<List<PlannedUtterance>> batches = new ArrayList<>();
        for (List<PlannedUtterance> us : byEngine.values()) {
            int size = us.get(0).voice().engine() == Engine.FESTIVAL ? BATCH * 2 : BATCH;
            for (int i = 0; i < us.size(); i += size) {
                batches.add(us.subList(i, Math.min(us.size(), i + size)));
            }
        }
        // back in plan order, so the engines interleave and the slow one does not all come last
        Map<PlannedUtterance, Integer> order = new java.util.HashMap<>();
        for (int i = 0; i < todo.size(); i++) {
            order.put(todo.get(i), i);
        }
        batches.sort(java.util.Comparator.comparingInt(b -> order.get(b.get(0))));
        return batches;
    }

    private CorpusSummary finish(CorpusPlan plan, Path out) throws CorpusException, IOException {
        CorpusSpec spec = plan.spec();
        Map<String, List<ManifestEntry>> splits = new LinkedHashMap<>();
        int rejected = 0;
        for (CorpusSpec.Split split : spec.splits()) {
            CorpusSpec.SizeJson size = split.size(plan.scale());
            List<ManifestEntry> source = split.subsetOf() == null
                    ? accepted(plan.candidates().get(split.name()), out, spec.language()) : splits.get(split.subsetOf());
            if (split.subsetOf() == null) {
                rejected += plan.candidates().get(split.name()).size() - source.size();
            }
            splits.put(split.name(), take(source, size, split.name(), spec));
        }
        Map<String, CorpusSummary.SplitSummary> summaries = new LinkedHashMap<>();
        List<String> checksumLines = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (Map.Entry<String, List<ManifestEntry>> split : splits.entrySet()) {
            Path manifest = out.resolve(split.getKey() + ".jsonl");
            Manifest.write(split.getValue(), manifest);
            summaries.put(split.getKey(), CorpusSummary.SplitSummary.of(split.getValue(), Checksums.sha256(Files.readAllBytes(manifest))));
            for (ManifestEntry e : split.getValue()) {
                if (seen.add(e.audio())) {
                    checksumLines.add(Checksums.sha256(Files.readAllBytes(out.resolve(e.audio()))) + "  " + e.audio());
                }
            }
        }
        java.util.Collections.sort(checksumLines, java.util.Comparator.comparing(l -> l.substring(66)));
        byte[] checksums = (String.join("\n", checksumLines) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(out.resolve("checksums.sha256"), checksums);
        if (!plan.lmSentences().isEmpty()) {
            Path text = Files.createDirectories(out.resolve("text"));
            StringBuilder lines = new StringBuilder();
            plan.lmSentences().forEach(s -> lines.append(s.spoken()).append('\n'));
            Files.writeString(text.resolve("sentences.txt"), lines, StandardCharsets.UTF_8);
        }
        List<Voice> voices = spec.allVoices();
        CorpusSummary summary = CorpusSummary.of(plan, summaries, EngineCheck.versions(voices), sourceChecksums(plan),
                Checksums.sha256(checksums), rejected, plan.lmSentences().size());
        Files.writeString(out.resolve("corpus.json"), GSON.toJson(summary) + "\n", StandardCharsets.UTF_8);
        return summary;
    }

    /** The candidates that produced audio, in plan order, as manifest entries. */
    private List<ManifestEntry> accepted(List<PlannedUtterance> candidates, Path out, String language)
            throws CorpusException, IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        for (PlannedUtterance u : candidates) {
            Path file = out.resolve("audio").resolve(u.id() + ".wav");
            if (!Files.exists(file)) {
                if (!Files.exists(out.resolve("audio").resolve(u.id() + ".rejected"))) {
                    throw new CorpusException(u.id() + " was neither synthesised nor rejected; run again to resume");
                }
                continue;
            }
            double seconds;
            try (PcmStream stream = decoder.open(file)) {
                seconds = stream.declaredLength() / (double) stream.sampleRate();
            } catch (AudioFormatException e) {
                throw new CorpusException(file + " is damaged (" + e.getMessage() + "); delete it and run again", e);
            }
            entries.add(new ManifestEntry(u.id(), "audio/" + u.id() + ".wav", Math.round(seconds * 1e4) / 1e4, u.text(),
                    u.original(), u.speaker(), language, u.intent(), u.slots()));
        }
        return entries;
    }

    private static List<ManifestEntry> take(List<ManifestEntry> source, CorpusSpec.SizeJson size, String split,
            CorpusSpec spec) throws CorpusException {
        if (size.allSentences) {
            return source;
        }
        List<ManifestEntry> kept = new ArrayList<>();
        double seconds = 0;
        for (ManifestEntry e : source) {
            if (size.utterances != null ? kept.size() >= size.utterances : seconds >= size.seconds()) {
                break;
            }
            kept.add(e);
            seconds += e.duration();
        }
        boolean enough = size.utterances != null ? kept.size() == size.utterances : seconds >= size.seconds();
        if (!enough) {
            throw new CorpusException(spec.name() + ": split '" + split + "' came out short (" + kept.size()
                    + " utterances, " + Math.round(seconds) + " s) because too many candidates were rejected");
        }
        return kept;
    }

    private static List<CorpusSummary.Source> sourceChecksums(CorpusPlan plan) throws IOException {
        List<CorpusSummary.Source> sources = new ArrayList<>();
        for (Path file : plan.textSources()) {
            sources.add(new CorpusSummary.Source(file.toString(), Checksums.sha256(Files.readAllBytes(file))));
        }
        return sources;
    }

    /** Refuses a directory that holds another corpus; marks it as this one's. */
    private static void claim(Path out, CorpusPlan plan) throws CorpusException, IOException {
        // the plan's fingerprint, not the spec's: a changed planner must not resume onto stale audio
        String identity = plan.spec().name() + " " + plan.scale() + " seed " + plan.seed() + " plan "
                + plan.fingerprint() + "\n";
        Path stamp = out.resolve(STAMP);
        if (Files.exists(stamp)) {
            String existing = Files.readString(stamp, StandardCharsets.UTF_8);
            if (!existing.equals(identity)) {
                throw new CorpusException(out + " holds another corpus (" + existing.strip() + "); generating "
                        + identity.strip() + " needs an empty directory");
            }
        } else {
            Files.writeString(stamp, identity, StandardCharsets.UTF_8);
        }
    }

    private static void await(Future<?> f) throws CorpusException, IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CorpusException("interrupted; run again to resume", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CorpusException) {
                throw (CorpusException) cause;
            }
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new CorpusException("synthesis failed: " + cause, cause);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
