package io.promptwave.corpus.synth;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.decode.PcmStream;
import io.promptwave.corpus.Checksums;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.Manifest;
import io.promptwave.corpus.ManifestEntry;
import io.promptwave.corpus.plan.CorpusPlan;
import io.promptwave.corpus.plan.PlannedUtterance;
import io.promptwave.corpus.spec.CorpusSpec;
import io.promptwave.corpus.tts.EngineCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the synthesised candidates of a plan into the corpus files: per split, the first
 * candidates that produced audio up to the split's size (a subset takes the start of its parent),
 * written as {@code <split>.jsonl}; {@code checksums.sha256} over every audio file of every
 * manifest; {@code text/sentences.txt} for language-model specs; and {@code corpus.json}.
 */
final class CorpusAssembler {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final AudioDecoder decoder;

    CorpusAssembler(AudioDecoder decoder) {
        this.decoder = decoder;
    }

    CorpusSummary assemble(CorpusPlan plan, Path out) throws CorpusException, IOException {
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
        CorpusSummary summary = CorpusSummary.of(plan, summaries, EngineCheck.versions(spec.allVoices()), sourceChecksums(plan),
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

}
