package io.promptwave.cli;

import com.google.gson.stream.JsonWriter;
import io.promptwave.audio.FeatureSequence;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.eval.ErrorCounts;
import io.promptwave.core.eval.ErrorRate;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.train.FeatureCache;
import io.promptwave.core.train.LengthBatcher;
import io.promptwave.core.train.TrainingExample;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.Manifest;
import io.promptwave.corpus.ManifestEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promptwave eval}: WER and CER of the model on a manifest. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Transcribe every utterance of a manifest (greedy, batched) and score it: WER and CER with",
            "substitutions, deletions and insertions, after lowercasing and removing punctuation (as `score`)."})
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory. Default: the shipped models/base.")
    private Path model;

    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "JSONL manifest with references.")
    private Path manifest;

    @Option(names = "--details", paramLabel = "FILE", description = "Write per-utterance results (JSONL) here.")
    private Path details;

    @Option(names = "--batch-frames", defaultValue = "20000", description = "Input frames per decoding batch. Default: ${DEFAULT-VALUE}.")
    private int batchFrames;

    @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache (default: none).")
    private Path cache;

    @Override
    public Integer call() throws ModelFormatException, EngineUnavailableException, IOException, CorpusException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = model != null ? model : ModelLocation.defaultBase();
        List<ManifestEntry> entries = Manifest.read(manifest);
        try (SpeechModel loaded = ModelDirectory.load(dir)) {
            List<TrainingExample> examples = PretrainCommand.examples(loaded.vocabulary(), entries,
                    Collections.nCopies(entries.size(), manifest.toAbsolutePath().getParent()), new FeatureCache(cache),
                    err);
            Map<String, ManifestEntry> byId = new java.util.HashMap<>();
            for (ManifestEntry e : entries) {
                byId.put(e.id(), e);
            }
            int[] lengths = examples.stream().mapToInt(e -> e.features().frames()).toArray();
            List<List<Integer>> batches = new LengthBatcher(batchFrames).batches(lengths, 0);
            batches.sort(java.util.Comparator.comparingInt(b -> b.get(0)));
            Transcriber transcriber = new Transcriber(loaded);
            String[] hyps = new String[examples.size()];
            long start = System.nanoTime();
            double audioSeconds = 0;
            for (List<Integer> batch : batches) {
                List<FeatureSequence> features = new ArrayList<>();
                for (int i : batch) {
                    features.add(examples.get(i).features());
                    audioSeconds += examples.get(i).features().frames() / 100.0;
                }
                String lang = byId.get(examples.get(batch.get(0)).id()).lang();
                List<Transcript> ts = transcriber.transcribe(features, lang == null ? "en" : lang);
                for (int j = 0; j < batch.size(); j++) {
                    hyps[batch.get(j)] = ts.get(j).text();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ErrorCounts words = ErrorCounts.ZERO;
            ErrorCounts chars = ErrorCounts.ZERO;
            BufferedWriter detail = details == null ? null : Files.newBufferedWriter(details, StandardCharsets.UTF_8);
            try {
                for (int i = 0; i < examples.size(); i++) {
                    ManifestEntry e = byId.get(examples.get(i).id());
                    ErrorCounts w = ErrorRate.words(e.text(), hyps[i]);
                    ErrorCounts c = ErrorRate.characters(e.text(), hyps[i]);
                    words = words.plus(w);
                    chars = chars.plus(c);
                    if (detail != null) {
                        StringWriter line = new StringWriter();
                        try (JsonWriter json = new JsonWriter(line)) {
                            json.beginObject().name("id").value(e.id()).name("reference").value(e.text())
                                    .name("hypothesis").value(hyps[i]).name("wer").value(w.rate()).name("cer")
                                    .value(c.rate()).endObject();
                        }
                        detail.write(line.toString());
                        detail.newLine();
                    }
                }
            } finally {
                if (detail != null) {
                    detail.close();
                }
            }
            out.printf(Locale.ROOT, "utterances %d (of %d)%nWER %.2f %% (S %d, D %d, I %d over %d words)%n"
                    + "CER %.2f %% (S %d, D %d, I %d over %d characters)%ndecoding: %.1f s for %.1f s of audio,"
                    + " real-time factor %.4f%n", examples.size(), entries.size(), 100 * words.rate(),
                    words.substitutions(), words.deletions(), words.insertions(), words.referenceLength(),
                    100 * chars.rate(), chars.substitutions(), chars.deletions(), chars.insertions(),
                    chars.referenceLength(), seconds, audioSeconds, seconds / Math.max(1e-9, audioSeconds));
            return examples.size() == entries.size() ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
        }
    }
}
