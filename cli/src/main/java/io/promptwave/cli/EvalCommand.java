package io.promptwave.cli;

import com.google.gson.stream.JsonWriter;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.artifact.PromptDecoding;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.eval.ErrorCounts;
import io.promptwave.core.eval.SlotEvaluator;
import io.promptwave.core.eval.SlotMetrics;
import io.promptwave.core.prompt.MixturePrompt;
import io.promptwave.core.prompt.PromptAddOn;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.slots.SlotFormat;
import io.promptwave.core.slots.SlotDecoding;
import io.promptwave.core.slots.SlotSchema;
import io.promptwave.core.slots.Understander;
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
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promptwave eval}: WER and CER of the model on a manifest, or its slot-filling scores. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Transcribe every utterance of a manifest (batched; greedy unless --beam) and score it: WER and CER with",
            "substitutions, deletions and insertions, after lowercasing and removing punctuation (as `score`).",
            "--task slots: understand every utterance of a slot-filling manifest and report intent accuracy, exact",
            "slot F1 and SLURP's SLU-F1 (with its word- and character-distance F1), plus the transcripts' WER and CER."})
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory. Default: the shipped models/base.")
    private Path model;

    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = {"JSONL manifest with references: speech, or text-line images (from `corpus lines`),",
                "which are read with the <ocr> task and scored as written."})
    private Path manifest;

    @Option(names = "--details", paramLabel = "FILE", description = "Write per-utterance results (JSONL) here.")
    private Path details;

    @Option(names = "--summary", paramLabel = "FILE",
            description = "Also write the figures as one JSON object here (what `grid` records per cell).")
    private Path summary;

    @Option(names = "--record-in-prompt", paramLabel = "KEY", description = {"With --prompt: also store the figures "
            + "in the prompt's adapter_config.json under metrics.KEY",
            "(e.g. test), with the decoding and the manifest's sha256; the weights are untouched."})
    private String recordKey;

    /** The prompt version being scored (and recorded in), once {@link #call} has found it; null without --prompt. */
    private Path promptDir;
    /** The prompt being scored, or null: its experts' routing is reported after scoring. */
    private SoftPrompt scoredPrompt;
    /** The decoding the scored prompt recommends, or null. */
    private PromptDecoding recommended;

    @Option(names = "--batch-frames", defaultValue = "20000", description = "Input frames per decoding batch. Default: ${DEFAULT-VALUE}.")
    private int batchFrames;

    @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache (default: none).")
    private Path cache;

    @CommandLine.Mixin
    private DecodingFlags decoding;

    @Option(names = "--prompt", paramLabel = "NAME[@V]|DIR",
            description = "Steer the base with this prompt: a prompt directory, or a name under prompts/ beside the model.")
    private String prompt;

    @Option(names = "--task", defaultValue = "asr", description = "asr or slots. Default: ${DEFAULT-VALUE}.")
    private String task;

    @Option(names = "--schema", paramLabel = "FILE", description = "--task slots: the task schema (default: the prompt's, or the labels a model fine-tuned for slots records).")
    private Path schemaFile;

    @CommandLine.Mixin
    private SlotDecodingFlags slotDecoding;

    @Option(names = "--save-decoding",
            description = {"Record this decoding as the default: in the prompt's adapter_config.json with --prompt,",
                "else in the model's config.json (choose it on dev data, not test)."})
    private boolean saveDecoding;

    @Override
    public Integer call() throws ModelFormatException, EngineUnavailableException, IOException, CorpusException,
            PromptMismatchException {
        Path dir = model != null ? model : ModelLocation.defaultBase();
        if (recordKey != null && (prompt == null || !recordKey.matches("[A-Za-z0-9_-]+"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), prompt == null
                    ? "--record-in-prompt stores the figures in a prompt: give --prompt"
                    : "--record-in-prompt " + recordKey + ": a key is letters, digits, '_' and '-'");
        }
        if (!task.equals("asr") && !task.equals("slots")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown task '" + task + "': asr or slots");
        }
        if (slotDecoding.given() && !task.equals("slots")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--well-formed and --intent-candidates "
                    + "decode intent and slots: they go with --task slots");
        }
        if (saveDecoding && prompt == null && task.equals("slots")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--save-decoding with --task slots records "
                    + "the decoding in the slot prompt: give --prompt");
        }
        if (saveDecoding && decoding.languageModelFile != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--save-decoding records a weight for the "
                    + "prompt's or the model's own language model, not for --lm " + decoding.languageModelFile
                    + ": store it first (promptwave lm --prompt DIR or --model DIR)");
        }
        // found once: a newer version saved meanwhile must not receive the figures of the one scored
        promptDir = PromptChoice.locate(prompt, dir);
        recommended = PromptChoice.recommended(promptDir);
        DecodingOptions options = decoding.options(spec.commandLine(), dir, promptDir);
        boolean textLines = isTextLineManifest(manifest);
        if (promptDir != null) {
            // a prompt steers only the task it learnt: scoring it on another writes figures that mean nothing
            PromptChoice.requireTask(promptDir, textLines ? "ocr" : task, trained -> switch (trained) {
                case "slots" -> "score it with --task slots on a slot-filling manifest";
                case "ocr" -> "score it on a text-line manifest";
                case "asr" -> "score it on a transcription manifest, without --task";
                default -> null;
            });
        }
        if (textLines) {
            if (task.equals("slots")) {
                throw new CommandLine.ParameterException(spec.commandLine(), manifest
                        + " is a text-line manifest, read with the <ocr> task: not with --task slots");
            }
            if (saveDecoding && promptDir == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--save-decoding on a text-line manifest "
                        + "records a reading prompt's decoding: give --prompt (the model's default is a transcription's)");
            }
            try (SpeechModel loaded = ModelDirectory.load(dir);
                    SoftPrompt steering = promptDir == null ? null : PromptChoice.open(promptDir, loaded).prompt()) {
                scoredPrompt = steering;
                return evaluateReading(dir, loaded, steering, options);
            }
        }
        ManifestExamples.Listed listed = ManifestExamples.Listed.of(List.of(manifest));
        List<ManifestEntry> entries = listed.entries();
        try (SpeechModel loaded = ModelDirectory.load(dir)) {
            PromptDirectory.Loaded chosen = promptDir == null ? null : PromptChoice.open(promptDir, loaded);
            try (SoftPrompt steering = chosen == null ? null : chosen.prompt()) {
                scoredPrompt = steering;
                return task.equals("slots") ? evaluateSlots(dir, loaded, chosen, steering, options, listed)
                        : evaluateTranscripts(dir, loaded, steering, options, listed);
            }
        }
    }

    private int evaluateTranscripts(Path dir, SpeechModel loaded, SoftPrompt steering, DecodingOptions options,
            ManifestExamples.Listed listed) throws IOException, ModelFormatException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ManifestEntry> entries = listed.entries();
        Transcriber transcriber = transcriber(loaded, options);
        List<TrainingExample> examples = ManifestExamples.read(loaded.vocabulary(), listed, new FeatureCache(cache),
                err, "eval");
        TranscriptionEvaluator.Report report = new TranscriptionEvaluator(transcriber, batchFrames, steering)
                .evaluate(ManifestExamples.transcriptionUtterances(examples, listed));
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
        writeSummary("asr", examples.size(), entries.size(), options.describe(), report.decodeSeconds(),
                Map.of("wer", words.rate(),
                "cer", chars.rate(), "word_insertions", (double) words.insertions(), "character_insertions",
                (double) chars.insertions()));
        if (saveDecoding) {
            save(dir, SlotDecoding.builder().optSearch(options).build(), examples.size(), entries.size());
        }
        return examples.size() == entries.size() ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
    }

    /**
     * {@code --save-decoding}: into the prompt scored, else into the model (its transcription search);
     * nothing when part of the manifest could not be scored, as for the recorded figures.
     *
     * @param dir the model directory (used only without a prompt)
     */
    private void save(Path dir, SlotDecoding chosen, int scored, int total) throws IOException, ModelFormatException {
        PrintWriter out = spec.commandLine().getOut();
        if (scored != total) {
            spec.commandLine().getErr().printf("promptwave eval: the decoding was not saved: only %d of %d entries "
                    + "were scored%n", scored, total);
            return;
        }
        if (promptDir != null) {
            PromptDirectory.saveDecoding(promptDir, PromptDecoding.of(chosen));
            out.printf("prompt %s decodes by default with: %s%n", promptDir, chosen.describe());
        } else {
            ModelDirectory.saveDefaultDecoding(dir, chosen.search());
            out.printf("the model's default decoding is now: %s%n", chosen.search().describe());
        }
    }

    /** Reads every line image of a text-line manifest ({@code corpus lines}) and scores it. */
    private int evaluateReading(Path dir, SpeechModel loaded, SoftPrompt steering, DecodingOptions options)
            throws IOException, ModelFormatException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ImageExamples.Line> lines = ImageExamples.lines(manifest);
        List<TrainingExample> examples = ImageExamples.read(loaded.vocabulary(), lines,
                ModelDirectory.imageFeatures(dir), err, "eval");
        java.util.Map<String, ImageExamples.Line> byId = new java.util.HashMap<>();
        lines.forEach(l -> byId.put(l.id(), l));
        List<TranscriptionEvaluator.Utterance> utterances = examples.stream().map(e -> new TranscriptionEvaluator
                .Utterance(e.id(), e.features(), byId.get(e.id()).lang(), byId.get(e.id()).text())).toList();
        TranscriptionEvaluator.Report report = TranscriptionEvaluator.reading(transcriber(loaded, options), batchFrames,
                steering).evaluate(utterances);
        if (details != null) {
            writeDetails(report);
        }
        ErrorCounts exact = report.exactCharacters();
        ErrorCounts words = report.words();
        ErrorCounts chars = report.characters();
        out.printf(Locale.ROOT, "lines %d (of %d)%nCER %.2f %% as written (S %d, D %d, I %d over %d characters)%n"
                + "CER %.2f %% normalised (lowercase, no punctuation); WER %.2f %% normalised%n"
                + "reading (%s): %.1f s, %.1f lines per second%n", examples.size(), lines.size(), 100 * exact.rate(),
                exact.substitutions(), exact.deletions(), exact.insertions(), exact.referenceLength(),
                100 * chars.rate(), 100 * words.rate(), options.describe(), report.decodeSeconds(),
                examples.size() / Math.max(1e-9, report.decodeSeconds()));
        writeSummary("ocr", examples.size(), lines.size(), options.describe(), report.decodeSeconds(),
                Map.of("cer", exact.rate(),
                "character_insertions", (double) exact.insertions(), "cer_normalised", chars.rate(),
                "wer_normalised", words.rate()));
        if (saveDecoding) {
            save(dir, SlotDecoding.builder().optSearch(options).build(), examples.size(), lines.size());
        }
        return examples.size() == lines.size() ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
    }

    /** @return whether the manifest's first entry names an image rather than audio */
    private static boolean isTextLineManifest(Path manifest) throws IOException {
        if (!java.nio.file.Files.isRegularFile(manifest)) {
            return false; // the manifest reader says what is wrong with it
        }
        try (var reader = java.nio.file.Files.newBufferedReader(manifest)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    try {
                        var o = com.google.gson.JsonParser.parseString(line);
                        return o.isJsonObject() && o.getAsJsonObject().has("image") && !o.getAsJsonObject().has("audio");
                    } catch (com.google.gson.JsonParseException e) {
                        return false; // the manifest reader names the bad line
                    }
                }
            }
        }
        return false;
    }

    private int evaluateSlots(Path dir, SpeechModel loaded, PromptDirectory.Loaded chosen, SoftPrompt steering,
            DecodingOptions options, ManifestExamples.Listed listed)
            throws IOException, CorpusException, ModelFormatException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SlotSchema schema = SlotTask.schema(schemaFile, chosen, dir, slotDecoding.intentPosition(spec.commandLine()),
                        spec.commandLine());
        SlotDecoding slotOptions = slotDecoding.decoding(spec.commandLine(), options, recommended,
                schema.intentPosition());
        Understander understander;
        try {
            understander = new Understander(loaded, schema, slotOptions);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<TrainingExample> examples = SlotTask.examples(loaded.vocabulary(), schema, listed, new FeatureCache(cache),
                err, "eval");
        SlotEvaluator.Report report = new SlotEvaluator(understander, batchFrames, steering)
                .evaluate(SlotTask.utterances(examples, listed));
        if (details != null) {
            try (BufferedWriter detail = Files.newBufferedWriter(details, StandardCharsets.UTF_8)) {
                for (SlotEvaluator.Result r : report.results()) {
                    StringWriter line = new StringWriter();
                    try (JsonWriter json = new JsonWriter(line)) {
                        json.beginObject().name("id").value(r.utterance().id()).name("reference")
                                .value(SlotFormat.serialize(r.utterance().text(), r.utterance().intent(),
                                        r.utterance().slots(), schema.intentPosition()))
                                .name("hypothesis").jsonValue(UnderstandCommand.json(r.utterance().id(),
                                        r.understanding())).endObject();
                    }
                    detail.write(line.toString());
                    detail.newLine();
                }
            }
        }
        SlotMetrics m = report.metrics();
        out.printf(Locale.ROOT, "utterances %d (of %d)%nintent accuracy %.2f %%%n"
                + "slot F1 (exact) %.4f (precision %.4f, recall %.4f)%n"
                + "SLU-F1 %.4f (word-F1 %.4f, char-F1 %.4f)%n"
                + "transcripts: WER %.2f %%, CER %.2f %%%ndecoding (%s): %.1f s for %.1f s of audio, real-time factor %.4f%n",
                examples.size(), listed.entries().size(), 100 * m.intentAccuracy(), m.exact().f1(),
                m.exact().precision(), m.exact().recall(), m.sluF1(), m.wordDistance().f1(),
                m.characterDistance().f1(), 100 * report.words().rate(), 100 * report.characters().rate(),
                slotOptions.describe(), report.decodeSeconds(), report.audioSeconds(),
                report.realTimeFactor());
        writeSummary("slots", examples.size(), listed.entries().size(), slotOptions.describe(), report.decodeSeconds(),
                Map.of("intent_accuracy",
                m.intentAccuracy(), "slot_f1", m.exact().f1(), "slu_f1", m.sluF1(), "wer", report.words().rate(),
                "cer", report.characters().rate()));
        if (saveDecoding) {
            save(null, slotOptions, examples.size(), listed.entries().size()); // with --prompt only (see call)
        }
        return examples.size() == listed.entries().size() ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
    }

    /**
     * Prints a mixture's routing (the line goes with every scored task), then writes {@code --summary} and
     * {@code --record-in-prompt}: the task, what was scored, the decoding and the figures (rates as
     * fractions), with the routing.
     */
    private void writeSummary(String scoredTask, int scored, int total, String decoding, double decodeSeconds,
            Map<String, Double> figures) throws IOException, ModelFormatException {
        List<Double> experts = expertShares();
        if (!experts.isEmpty()) {
            spec.commandLine().getOut().println("experts chosen first: " + String.join(", ", experts.stream()
                    .map(x -> String.format(Locale.ROOT, "%.1f %%", 100 * x)).toList()));
        }
        if (summary == null && recordKey == null) {
            return;
        }
        Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("task", scoredTask);
        o.put("manifest", manifest.toAbsolutePath().toString());
        o.put("scored", scored);
        o.put("entries", total);
        o.put("decoding", decoding);
        o.put("decode_seconds", decodeSeconds);
        o.putAll(new java.util.TreeMap<>(figures));
        if (!experts.isEmpty()) {
            o.put("expert_usage", experts);
        }
        if (summary != null) {
            // a rate over an empty reference is infinite: written as JSON's Infinity, not refused
            Files.writeString(summary, new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create()
                    .toJson(o) + "\n", StandardCharsets.UTF_8);
        }
        if (recordKey != null && scored < total) {
            spec.commandLine().getErr().printf(Locale.ROOT, "eval: not recorded in the prompt: only %d of %d inputs "
                    + "were scored%n", scored, total);
        } else if (recordKey != null) {
            o.put("manifest_sha256", Provenance.sha256(manifest));
            PromptDirectory.recordMetrics(promptDir, recordKey, o);
        }
    }

    /**
     * @return for a mixture of experts, the share of routings that chose each expert first while this
     *     command scored (the prompt was loaded fresh, so training's counts are not in it); else empty
     */
    private List<Double> expertShares() {
        if (scoredPrompt == null || !(PromptAddOn.innermost(scoredPrompt) instanceof MixturePrompt moe)) {
            return List.of();
        }
        long[] counts = moe.usage();
        long all = java.util.Arrays.stream(counts).sum();
        return all == 0 ? List.of() : java.util.Arrays.stream(counts).mapToObj(c -> c / (double) all).toList();
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
