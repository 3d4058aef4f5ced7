package io.promptwave.cli;

import com.google.gson.stream.JsonWriter;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.eval.ErrorCounts;
import io.promptwave.core.eval.TranscriptionEvaluator;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.train.FeatureCache;
import io.promptwave.core.train.TrainingExample;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.ManifestEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promptwave eval}: WER and CER of the model on a manifest. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Transcribe every utterance of a manifest (batched; greedy unless --beam) and score it: WER and CER with",
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

    @CommandLine.Mixin
    private DecodingFlags decoding;

    @Option(names = "--save-decoding",
            description = "Record this decoding in the model's config.json as its default (choose it on dev data, not test).")
    private boolean saveDecoding;

    @Override
    public Integer call() throws ModelFormatException, EngineUnavailableException, IOException, CorpusException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = model != null ? model : ModelLocation.defaultBase();
        DecodingOptions options = decoding.options(spec.commandLine(), ModelDirectory.defaultDecoding(dir));
        ManifestExamples.Listed listed = ManifestExamples.Listed.of(List.of(manifest));
        List<ManifestEntry> entries = listed.entries();
        try (SpeechModel loaded = ModelDirectory.load(dir)) {
            Transcriber transcriber = transcriber(loaded, options);
            List<TrainingExample> examples = ManifestExamples.read(loaded.vocabulary(), listed, new FeatureCache(cache),
                    err, "eval");
            Map<String, ManifestEntry> byId = new HashMap<>();
            for (ManifestEntry e : entries) {
                byId.put(e.id(), e);
            }
            List<TranscriptionEvaluator.Utterance> utterances = new ArrayList<>();
            for (TrainingExample example : examples) {
                ManifestEntry e = byId.get(example.id());
                utterances.add(new TranscriptionEvaluator.Utterance(e.id(), example.features(),
                        e.lang() == null ? "en" : e.lang(), e.text()));
            }
            TranscriptionEvaluator.Report report = new TranscriptionEvaluator(transcriber, batchFrames)
                    .evaluate(utterances);
            if (details != null) {
                writeDetails(report);
            }
            ErrorCounts words = report.words();
            ErrorCounts chars = report.characters();
            out.printf(Locale.ROOT, "utterances %d (of %d)%nWER %.2f %% (S %d, D %d, I %d over %d words)%n"
                    + "CER %.2f %% (S %d, D %d, I %d over %d characters)%ndecoding (%s): %.1f s for %.1f s of audio,"
                    + " real-time factor %.4f%n", examples.size(), entries.size(), 100 * words.rate(),
                    words.substitutions(), words.deletions(), words.insertions(), words.referenceLength(),
                    100 * chars.rate(), chars.substitutions(), chars.deletions(), chars.insertions(),
                    chars.referenceLength(), options.describe(), report.decodeSeconds(), report.audioSeconds(),
                    report.realTimeFactor());
            if (saveDecoding) {
                ModelDirectory.saveDefaultDecoding(dir, options);
                out.printf("the model's default decoding is now: %s%n", options.describe());
            }
            return examples.size() == entries.size() ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
        }
    }

    private Transcriber transcriber(SpeechModel loaded, DecodingOptions options) {
        try {
            return new Transcriber(loaded, options);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void writeDetails(TranscriptionEvaluator.Report report) throws IOException {
        try (BufferedWriter detail = Files.newBufferedWriter(details, StandardCharsets.UTF_8)) {
            for (TranscriptionEvaluator.Result r : report.results()) {
                StringWriter line = new StringWriter();
                try (JsonWriter json = new JsonWriter(line)) {
                    json.beginObject().name("id").value(r.id()).name("reference").value(r.reference())
                            .name("hypothesis").value(r.hypothesis()).name("wer").value(r.words().rate()).name("cer")
                            .value(r.characters().rate()).endObject();
                }
                detail.write(line.toString());
                detail.newLine();
            }
        }
    }
}
