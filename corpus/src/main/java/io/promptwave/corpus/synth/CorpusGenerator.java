package io.promptwave.corpus.synth;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.encode.WavWriter;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.channel.ChannelSimulator;
import io.promptwave.corpus.plan.CorpusPlan;
import io.promptwave.corpus.plan.PlannedUtterance;
import io.promptwave.corpus.spec.CorpusSpec;
import io.promptwave.corpus.tts.EngineCheck;
import io.promptwave.corpus.tts.Engine;
import io.promptwave.corpus.tts.Synthesizer;
import io.promptwave.corpus.tts.TtsRequest;
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
 * <p>Each candidate becomes {@code audio/<id>.wav}, or, when its speech lasts less than 1 s or more
 * than 15 s or an engine cannot say it, {@code audio/<id>.rejected} with the reason; then
 * {@link CorpusAssembler} writes the manifests and the summary.
 */
public final class CorpusGenerator {
    static final double MIN_SECONDS = 1.0;
    static final double MAX_SECONDS = 15.0;
    private static final int BATCH = 16;
    private static final String STAMP = ".promptwave-corpus";

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
        claim(out, plan);
        // a killed run may have left half-written engine output here: never reuse it
        deleteTree(out.resolve(".work"));
        Path work = Files.createDirectories(out.resolve(".work"));

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
        CorpusSummary summary = new CorpusAssembler(decoder).assemble(plan, out);
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
