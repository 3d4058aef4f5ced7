package io.promptwave.cli;

import io.promptwave.core.artifact.DType;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.SafetensorsFile;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.slots.SlotSchema;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.FeatureCache;
import io.promptwave.core.train.Trainer;
import io.promptwave.core.train.TrainingConfig;
import io.promptwave.core.train.TrainingExample;
import io.promptwave.core.train.TrainingListener;
import io.promptwave.core.train.TrainingTarget;
import io.promptwave.core.train.UnitModel;
import io.promptwave.vision.preprocess.LineFeatureExtractor;
import io.promptwave.corpus.CorpusException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promptwave pretrain}: trains the backbone (from scratch or from a model) on labelled speech. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Train the backbone on labelled speech: audio -> text (<asr> <lang>), joint CTC-attention loss.",
            "With --unit-model and --units it also learns audio -> pseudo subwords (<units>), the Wav2Seq",
            "pseudo language; --units-only trains that first stage alone.",
            "Resumes from the run folder's checkpoint after a kill or a --time-budget pause: run the same command again.",
            "The best model by dev CER (greedy on the decoder or on the CTC head, the better) is written to --out."})
final class PretrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", paramLabel = "FILE", description = "Training manifest(s) (JSONL); not with --text-only.")
    private List<Path> trainManifests = List.of();

    @Option(names = "--text", paramLabel = "FILE", description = {"Sentences, one a line, that the decoder learns as a "
            + "language model (<asr> task, reading no input),",
                "in batches of their own beside the audio; with --text-only, alone (the decoder's pretraining on text)."})
    private List<Path> textFiles = List.of();

    @Option(names = "--text-only", description = {"Train the decoder and the token table on --text alone: the stage "
            + "before any audio. The encoder's weights",
                "stay as they are; no dev evaluation (give no --dev), the model is saved after each epoch."})
    private boolean textOnly;

    @Option(names = "--text-language", defaultValue = "en", paramLabel = "CODE",
            description = "Language token of the --text sentences. Default: ${DEFAULT-VALUE}.")
    private String textLanguage;

    @Option(names = "--dev", paramLabel = "FILE", description = "Dev manifest for evaluation and early stopping.")
    private Path devManifest;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write.")
    private Path out;

    @Option(names = "--run", paramLabel = "DIR",
            description = "Run folder (checkpoints, metrics.jsonl, training-curve.html). Default: ~/.promptwave/runs/NAME of --out.")
    private Path run;

    @Option(names = "--init", paramLabel = "DIR", description = "Start from this model (fine-tuning) instead of random weights.")
    private Path init;

    @Option(names = "--unit-model", paramLabel = "DIR",
            description = "Unit model from `units fit`: its pseudo subwords join a new model's vocabulary, and it is saved with the model.")
    private Path unitModel;

    @Option(names = "--units", paramLabel = "FILE",
            description = "Pseudo-subword targets of the training audio from `units encode`: each adds an audio -> <units> example.")
    private Path units;

    @Option(names = "--units-only", description = "Train on the <units> examples alone (the first Wav2Seq stage).")
    private boolean unitsOnly;

    @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache. Default: ~/.promptwave/cache/features.")
    private Path cache;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N training utterances (0: all).")
    private int limit;

    @Option(names = "--epochs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--batch-frames", defaultValue = "20000", description = "Input frames per batch, padding included (tokens for --text sentences). Default: ${DEFAULT-VALUE}.")
    private int batchFrames;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    private float lr;

    @Option(names = "--warmup", defaultValue = "300", description = "Warm-up steps. Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--ctc-weight", defaultValue = "0.5", description = "Weight of the CTC loss. Default: ${DEFAULT-VALUE}.")
    private float ctcWeight;

    @Option(names = "--label-smoothing", defaultValue = "0.1", description = "Default: ${DEFAULT-VALUE}.")
    private float labelSmoothing;

    @Option(names = "--no-spec-augment", description = "Train without SpecAugment masks.")
    private boolean noSpecAugment;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    private int seed;

    @Option(names = "--patience", defaultValue = "3", description = {"Epochs without dev improvement before stopping "
            + "(0: never); epochs that end within the warm-up do not count. Default: ${DEFAULT-VALUE}."})
    private int patience;

    @Option(names = "--time-budget", defaultValue = "0", paramLabel = "MINUTES",
            description = "Pause with a checkpoint after this many minutes (0: none); run again to continue.")
    private double timeBudget;

    @Option(names = "--pause-at-step", defaultValue = "0", paramLabel = "N",
            description = "Pause with a checkpoint once the run has made N updates in all (0: none); run again without it to go on.")
    private int pauseAtStep;

    @Option(names = "--dev-limit", defaultValue = "200", description = "Dev utterances decoded per evaluation (0: all). Default: ${DEFAULT-VALUE}.")
    private int devLimit;

    @Option(names = "--d-model", defaultValue = "256", description = "Model width. Default: ${DEFAULT-VALUE}.")
    private int dModel;

    @Option(names = "--heads", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    private int heads;

    @Option(names = "--encoder-layers", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
    private int encoderLayers;

    @Option(names = "--decoder-layers", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    private int decoderLayers;

    @Option(names = "--feed-forward", defaultValue = "1024", description = "Default: ${DEFAULT-VALUE}.")
    private int feedForward;

    @Option(names = "--front-end-width", defaultValue = "640", description = "Default: ${DEFAULT-VALUE}.")
    private int frontEndWidth;

    @Option(names = "--front-end-stride", defaultValue = "3", description = "Fbank frames (10 ms) per encoder frame. Default: ${DEFAULT-VALUE}.")
    private int frontEndStride;

    @Option(names = "--input-scale", paramLabel = "X",
            description = {"Factor on the front-end's output before the positions are added. Default: sqrt(d-model);",
                "1 trains a far better decoder (the shipped recipe's choice; BENCHMARKS.md)."})
    private Float inputScale;

    @Option(names = "--dropout", defaultValue = "0.1", description = "Default: ${DEFAULT-VALUE}.")
    private float dropout;

    @Option(names = "--languages", defaultValue = "en,it", split = ",", description = "Language tokens of the vocabulary. Default: ${DEFAULT-VALUE}.")
    private List<String> languages;

    @Option(names = "--half", description = "Store the weights in float16 (half the size).")
    private boolean half;

    @Option(names = "--image-train", paramLabel = "FILE",
            description = {"Text-line manifests (from `corpus lines`) trained alongside the audio as the <ocr> task.",
                "A model without an image front-end gets one; its speech weights are kept."})
    private List<Path> imageTrain = List.of();

    @Option(names = "--image-dev", paramLabel = "FILE",
            description = {"Text-line dev manifest: read each epoch beside the speech dev set (--dev-limit lines at most);",
                "the dev score then pools both sets' character errors, so the best model is chosen on both tasks."})
    private Path imageDev;

    @Option(names = "--image-height", defaultValue = "32",
            description = "Height lines are scaled to, for a new image front-end. Default: ${DEFAULT-VALUE}.")
    private int imageHeight;

    @Option(names = "--image-patch-width", defaultValue = "4",
            description = "Width of a line's patch columns, for a new image front-end. Default: ${DEFAULT-VALUE}.")
    private int imagePatchWidth;

    @Option(names = "--image-front-end-width", defaultValue = "512",
            description = "Hidden width of a new image front-end. Default: ${DEFAULT-VALUE}.")
    private int imageFrontEndWidth;

    @Option(names = "--grow-decoder", paramLabel = "N", defaultValue = "0",
            description = "Give the --init model's decoder N layers: the new ones go on top of the trained ones and "
                    + "start as the identity (0: keep its depth).")
    private int growDecoder;

    @Option(names = "--slots-train", paramLabel = "FILE",
            description = {"Slot-filling manifests (intent and slots, e.g. the slots-pretrain corpus) trained alongside the",
                "audio as the <slots> task, so the base learns the output format (intent | [type: words]); needs --slots-schema."})
    private List<Path> slotsTrain = List.of();

    @Option(names = "--slots-schema", paramLabel = "FILE", description = "Task schema of --slots-train.")
    private Path slotsSchema;

    @Option(names = "--slots-repeat", defaultValue = "1", paramLabel = "N",
            description = "Times each --slots-train utterance is trained per epoch. Default: ${DEFAULT-VALUE}.")
    private int slotsRepeat;

    @Option(names = "--export-checkpoint",
            description = "Write the run's last checkpoint to --out as a model instead of training (the best by dev CER is written anyway).")
    private boolean exportCheckpoint;

    @Override
    public Integer call() throws IOException, CorpusException, ModelFormatException, EngineUnavailableException {
        PrintWriter err = spec.commandLine().getErr();
        Path home = Path.of(System.getProperty("user.home"), ".promptwave");
        Path runDir = run != null ? run : home.resolve("runs").resolve(out.toAbsolutePath().getFileName().toString());
        FeatureCache features = new FeatureCache(cache != null ? cache : home.resolve("cache/features"));
        TrainingConfig config = TrainingConfig.builder().optEpochs(epochs).optMaxBatchFrames(batchFrames)
                .optPeakLearningRate(lr).optWarmupSteps(warmup).optCtcWeight(ctcWeight)
                .optLabelSmoothing(labelSmoothing).optSpecAugment(!noSpecAugment).optSeed(seed).optPatience(patience)
                .optTimeBudgetSeconds(Math.round(timeBudget * 60)).optPauseAtStep(pauseAtStep)
                .optDevLimit(devLimit).build();
        if (textOnly == !trainManifests.isEmpty() || (textOnly && textFiles.isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(), textOnly
                    ? (textFiles.isEmpty() ? "--text-only trains on --text: give the sentences"
                            : "--text-only trains the decoder on --text alone: leave out --train")
                    : "give the training audio (--train), or --text-only with --text for the decoder's text stage");
        }
        if (textOnly && (devManifest != null || imageDev != null || !imageTrain.isEmpty() || units != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--text-only reads only --text: no --dev, "
                    + "--image-dev, --image-train or --units (it never sees an input to evaluate on)");
        }
        if (slotsTrain.isEmpty() != (slotsSchema == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), slotsTrain.isEmpty()
                    ? "--slots-schema belongs to --slots-train: give the slot-filling manifests too"
                    : "--slots-train needs --slots-schema FILE (the intents and slot types of its manifests)");
        }
        if (slotsRepeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--slots-repeat " + slotsRepeat
                    + ": each slot utterance is trained at least once per epoch (1 or more)");
        }
        if (textOnly && !slotsTrain.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--text-only reads only --text: no --slots-train");
        }
        if (unitsOnly && !textFiles.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--units-only trains the <units> stage alone: --text belongs to another stage");
        }
        if (unitsOnly && units == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--units-only needs --units");
        }
        if (growDecoder != 0 && init == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--grow-decoder deepens the decoder of a "
                    + "trained model: give --init DIR (a new model takes its depth from --decoder-layers)");
        }
        if (growDecoder < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--grow-decoder " + growDecoder
                    + ": a decoder depth is a positive number of layers (0: keep the depth)");
        }
        if (unitModel != null && init != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--unit-model makes a new vocabulary; a model from --init keeps its own (and its unit model)");
        }
        Path unitSource = unitModel != null ? unitModel
                : init != null && Files.isDirectory(init.resolve(ModelDirectory.UNITS)) ? init.resolve(ModelDirectory.UNITS)
                : null;
        UnitModel pseudoLanguage = unitSource == null ? null : UnitModel.load(unitSource);
        int unitCount = pseudoLanguage == null ? 0 : pseudoLanguage.vocabularySize();
        try (SpeechModel loaded = init != null ? ModelDirectory.load(init)
                : SpeechModel.create(architecture(), new Vocabulary(languages, unitCount), seed)) {
            LineFeatureExtractor lineFeatures = null;
            if (loaded.backbone().config().hasImageFrontEnd()) {
                lineFeatures = ModelDirectory.imageFeatures(init);
            } else if (!imageTrain.isEmpty()) {
                lineFeatures = new LineFeatureExtractor(imageHeight, imagePatchWidth, 0);
            }
            if (imageDev != null && lineFeatures == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--image-dev needs a model that reads "
                        + "images: one with an image front-end, or --image-train to add it");
            }
            int depth = loaded.backbone().config().decoderLayers();
            if (growDecoder != 0 && growDecoder <= depth) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--grow-decoder " + growDecoder
                        + ": the model from --init already has " + depth + " decoder layers; give more");
            }
            try (SpeechModel extended = loaded.backbone().config().hasImageFrontEnd() || lineFeatures == null ? null
                    : loaded.withImageFrontEnd(lineFeatures.dims(), imageFrontEndWidth, seed);
                    SpeechModel grown = growDecoder == 0 ? null
                            : (extended != null ? extended : loaded).withDecoderLayers(growDecoder, seed)) {
                SpeechModel model = grown != null ? grown : extended != null ? extended : loaded;
                if (extended != null) {
                    err.printf(Locale.ROOT, "pretrain: image front-end added (%s, %d hidden units)%n", lineFeatures,
                            imageFrontEndWidth);
                }
                if (grown != null) {
                    err.printf(Locale.ROOT, "pretrain: decoder grown from %d to %d layers (%,d parameters)%n", depth,
                            growDecoder, grown.parameterCount());
                }
                return train(model, lineFeatures, loaded.fingerprint(), runDir, features, config, pseudoLanguage, err);
            }
        }
    }

    private int train(SpeechModel model, LineFeatureExtractor lineFeatures, String initFingerprint, Path runDir,
            FeatureCache features, TrainingConfig config, UnitModel pseudoLanguage, PrintWriter err)
            throws IOException, CorpusException, ModelFormatException {
        if (exportCheckpoint && textOnly) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--export-checkpoint: the text stage writes "
                    + "its model to --out after every epoch; its checkpoint holds only the decoder");
        }
        if (exportCheckpoint) {
            return export(model, lineFeatures, runDir, pseudoLanguage, config, err);
        }
        if (units != null && model.vocabulary().unitCount() == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--units needs a vocabulary with pseudo subwords: give --unit-model (or --init a model that has one)");
        }
        if (!textFiles.isEmpty() && !model.vocabulary().languages().contains(textLanguage)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--text-language " + textLanguage
                    + ": the model's languages are " + model.vocabulary().languages());
        }
        List<TrainingExample> train = new ArrayList<>();
        if (!textOnly) {
            ManifestExamples.Listed trainEntries = ManifestExamples.Listed.of(trainManifests).first(limit);
            err.printf(Locale.ROOT, "pretrain: %,d parameters; reading features of %,d training utterances%n",
                    model.parameterCount(), trainEntries.entries().size());
            train.addAll(ManifestExamples.read(model.vocabulary(), trainEntries, features, err, "pretrain"));
        }
        List<TrainingExample> sentences = List.of();
        if (!textFiles.isEmpty()) {
            sentences = TextExamples.read(textFiles, model.vocabulary(), textLanguage, batchFrames);
            err.printf(Locale.ROOT, "pretrain: %,d text-only sentences from %s%s%n", sentences.size(), textFiles,
                    textOnly ? " (the decoder's text stage alone)" : "");
        }
        if (units != null) {
            List<TrainingExample> pseudo = UnitTargets.read(units, model.vocabulary()).examples(train);
            err.printf(Locale.ROOT, "pretrain: %,d <units> examples from %s%s%n", pseudo.size(), units,
                    unitsOnly ? " (the <units> stage alone)" : "");
            if (unitsOnly) {
                train = pseudo;
            } else {
                train.addAll(pseudo);
            }
        }
        // after the <units> targets, which are made for the audio examples alone
        train.addAll(sentences);
        for (Path manifest : imageTrain) {
            List<ImageExamples.Line> lines = ImageExamples.lines(manifest);
            List<TrainingExample> read = ImageExamples.read(model.vocabulary(), lines, lineFeatures, err, "pretrain");
            err.printf(Locale.ROOT, "pretrain: %,d <ocr> line examples from %s%n", read.size(), manifest);
            train.addAll(read);
        }
        SlotSchema slotLabels = slotsTrain.isEmpty() ? null : SlotTask.schema(slotsSchema);
        if (slotLabels != null) {
            List<TrainingExample> read = SlotTask.examples(model.vocabulary(), slotLabels,
                    ManifestExamples.Listed.of(slotsTrain), features, err, "pretrain");
            if (read.isEmpty()) {
                throw new CorpusException("--slots-train " + slotsTrain + ": no usable slot-filling utterance (each "
                        + "one skipped, reasons above)");
            }
            err.printf(Locale.ROOT, "pretrain: %,d <slots> examples from %s, each %d time(s) an epoch%n", read.size(),
                    slotsTrain, slotsRepeat);
            for (int i = 0; i < slotsRepeat; i++) {
                train.addAll(read);
            }
        }
        List<TrainingExample> dev = new ArrayList<>();
        if (devManifest != null) {
            dev = ManifestExamples.read(model.vocabulary(), ManifestExamples.Listed.of(List.of(devManifest)),
                    features, err, "pretrain");
        }
        if (imageDev != null) {
            dev.addAll(ImageExamples.read(model.vocabulary(), ImageExamples.lines(List.of(imageDev), devLimit),
                    lineFeatures, err, "pretrain"));
        }
        Map<String, Object> provenance = new LinkedHashMap<>(Provenance.of(seed, trainManifests, config));
        if (!textFiles.isEmpty()) {
            provenance.put("text_sha256", Provenance.hashes(textFiles));
            provenance.put("text_only", textOnly);
        }
        if (init != null) {
            // the lineage: which model this one was trained from
            provenance.put("init", Map.of("path", init.toAbsolutePath().toString(), "fingerprint", initFingerprint));
            if (growDecoder != 0) {
                provenance.put("grow_decoder", growDecoder);
            }
        }
        if (!imageTrain.isEmpty()) {
            provenance.put("image_train", imageTrain.stream().map(p -> p.toAbsolutePath().toString()).toList());
        }
        if (slotLabels != null) {
            provenance.put("slots_train", slotsTrain.stream().map(p -> p.toAbsolutePath().toString()).toList());
            provenance.put("slots_schema", slotLabels.toConfig());
            provenance.put("slots_repeat", slotsRepeat);
        }
        if (imageDev != null) {
            provenance.put("image_dev", imageDev.toAbsolutePath().toString());
        }
        List<TrainingExample> trainSet = train;
        List<TrainingExample> devSet = dev;
        TrainingInterruption.during(err, "pretrain", stop -> {
            ProgressReporter progress = new ProgressReporter(err, "pretrain", config.epochs(), stop);
            // the text stage trains what writes text; the encoder, which it never runs, keeps its weights
            Trainer trainer = textOnly
                    ? new Trainer(model, TrainingTarget.backboneWeights(model, PretrainCommand::learnsFromText,
                            "the decoder and the token table"), config, runDir, progress)
                    : new Trainer(model, config, runDir, progress);
            Trainer.Outcome outcome = trainer.run(trainSet, devSet, (m, cer) -> {
                ModelDirectory.save(m, out, FeatureSettings.fbank80(), lineFeatures, withDevCer(provenance, cer),
                        half ? DType.F16 : DType.F32);
                if (pseudoLanguage != null) {
                    pseudoLanguage.save(out.resolve(ModelDirectory.UNITS));
                }
            });
            trainer.writeLogsBeside(out);
            err.printf(Locale.ROOT, "pretrain: %s after %d epochs, %d steps, %.0f s; %s; model in %s%n",
                    outcome.finished() ? "finished" : "paused", outcome.epochs(), outcome.steps(), outcome.seconds(),
                    bestDev(imageDev != null ? "score (speech and line CER pooled)" : "CER", outcome.bestDevScore()),
                    out);
        });
        return 0;
    }

    /**
     * @param name what the dev score is, e.g. {@code CER}
     * @param score the best dev score so far, infinite before any dev evaluation (or with no dev set)
     * @return {@code best dev CER 12.34 %}, or {@code no dev score yet}
     */
    static String bestDev(String name, double score) {
        return Double.isFinite(score) ? String.format(Locale.ROOT, "best dev %s %.2f %%", name, 100 * score)
                : "no dev score yet";
    }

    /** The run's last checkpoint as a model directory, with the run's provenance and the step it was taken at. */
    private int export(SpeechModel model, LineFeatureExtractor lineFeatures, Path runDir, UnitModel pseudoLanguage,
            TrainingConfig config, PrintWriter err)
            throws IOException, ModelFormatException {
        Path weights = runDir.resolve("checkpoint/weights.safetensors");
        if (!Files.isRegularFile(weights)) {
            throw new ModelFormatException(runDir + ": no checkpoint to export (no checkpoint/weights.safetensors)");
        }
        try {
            model.setWeights(SafetensorsFile.open(weights).readAll());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(weights + " does not fit the architecture the flags give: " + e.getMessage(),
                    e);
        }
        Map<String, Object> provenance = new LinkedHashMap<>(Provenance.of(seed, trainManifests, config));
        provenance.put("checkpoint", Files.readString(runDir.resolve("checkpoint/state.json")).trim());
        ModelDirectory.save(model, out, FeatureSettings.fbank80(), lineFeatures, provenance, half ? DType.F16 : DType.F32);
        if (pseudoLanguage != null) {
            pseudoLanguage.save(out.resolve(ModelDirectory.UNITS));
        }
        err.printf("pretrain: the last checkpoint of %s is now the model in %s%n", runDir, out);
        return 0;
    }

    /**
     * Whether a weight learns from text alone. Over a single zero input, cross-attention's query and
     * key see one position whatever they weigh, and its value weights multiply zeros: those get no
     * gradient, only weight decay, so they stay out of the text stage (their biases and the output
     * projection do learn).
     */
    private static boolean learnsFromText(String name) {
        if (name.endsWith("embedding_weight")) {
            return true;
        }
        boolean blindToZeros = name.contains("cross_attention") && (name.contains("query") || name.contains("key")
                || name.endsWith("value_weight"));
        return name.contains("decoder_") && !blindToZeros;
    }

    /** The provenance plus the dev score the model was chosen on: the speech CER, or with line dev the pooled CER. */
    private Map<String, Object> withDevCer(Map<String, Object> provenance, double cer) {
        Map<String, Object> p = new LinkedHashMap<>(provenance);
        if (Double.isFinite(cer)) {
            p.put(imageDev != null ? "dev_score" : "dev_cer", cer);
        }
        return p;
    }

    private BackboneConfig architecture() {
        return BackboneConfig.builder().optDModel(dModel).optHeads(heads).optEncoderLayers(encoderLayers)
                .optDecoderLayers(decoderLayers).optFeedForward(feedForward).optFrontEndWidth(frontEndWidth)
                .optFrontEndStride(frontEndStride).optDropout(dropout).optInputScale(inputScale == null ? Float.NaN : inputScale).build();
    }

    /**
     * Prints a progress line with loss, speed and ETA at most every 20 seconds, and each epoch's dev scores.
     * The ETA counts training steps at the pace measured since this process first saw the epoch (a resumed
     * run has no earlier pace); dev evaluations, early stopping and time budgets are not foreseen.
     */
    static final class ProgressReporter implements TrainingListener {
        private final PrintWriter err;
        /** The command whose run this is: a message names it ("adapt: ..." for a prompt). */
        private final String command;
        private final int epochs;
        private final BooleanSupplier stop;
        private long lastPrint;
        private int paceEpoch;
        private int paceFromBatch;
        private double paceFromSeconds;

        /**
         * @param err where the lines go
         * @param command the command's name, for messages
         * @param epochs the epochs the run trains at most, for the run's ETA
         */
        ProgressReporter(PrintWriter err, String command, int epochs) {
            this(err, command, epochs, () -> false);
        }

        /**
         * @param err where the lines go
         * @param command the command's name, for messages
         * @param epochs the epochs the run trains at most, for the run's ETA
         * @param stop true once the run should stop at its next step (as {@link TrainingInterruption#during} supplies it)
         */
        ProgressReporter(PrintWriter err, String command, int epochs, BooleanSupplier stop) {
            this.err = err;
            this.command = command;
            this.epochs = epochs;
            this.stop = stop;
        }

        @Override
        public boolean stopRequested() {
            return stop.getAsBoolean();
        }

        @Override
        public void onStep(StepReport r) {
            if (r.epoch() != paceEpoch) {
                paceEpoch = r.epoch();
                paceFromBatch = r.batchInEpoch();
                paceFromSeconds = r.elapsedSeconds();
            }
            long now = System.nanoTime();
            if (now - lastPrint < 20_000_000_000L && r.batchInEpoch() != r.batchesInEpoch()) {
                return;
            }
            lastPrint = now;
            int width = 20;
            int filled = r.batchInEpoch() * width / r.batchesInEpoch();
            // a run without a CTC term (the pseudo-language stage, a prompt trained on the decoder alone) has none
            String parts = Double.isFinite(r.ctcLoss())
                    ? String.format(Locale.ROOT, "ctc %.3f, att %.3f", r.ctcLoss(), r.attentionLoss())
                    : String.format(Locale.ROOT, "att %.3f", r.attentionLoss());
            err.printf(Locale.ROOT, "epoch %d [%s%s] %d/%d  step %d  loss %.3f (%s)  lr %.2e  %,.0f frames/s  %s%s%n",
                    r.epoch(), "=".repeat(filled), " ".repeat(width - filled), r.batchInEpoch(), r.batchesInEpoch(),
                    r.step(), r.loss(), parts, r.learningRate(), r.framesPerSecond(), clock(r.elapsedSeconds()),
                    eta(r));
            err.flush();
        }

        /** @return ", ETA epoch H:MM:SS, run H:MM:SS" at the pace of this epoch so far, or nothing before a pace */
        private String eta(StepReport r) {
            int paced = r.batchInEpoch() - paceFromBatch;
            if (paced <= 0) {
                return "";
            }
            double perBatch = (r.elapsedSeconds() - paceFromSeconds) / paced;
            long epochLeft = r.batchesInEpoch() - r.batchInEpoch();
            long runLeft = epochLeft + (long) Math.max(0, epochs - r.epoch()) * r.batchesInEpoch();
            return ", ETA epoch " + clock(perBatch * epochLeft) + ", run " + clock(perBatch * runLeft);
        }

        @Override
        public void onEpoch(EpochReport r) {
            // every figure is a rate or a share in [0, 1]: dev_ctc_cer prints as "ctc cer 8.00 %"
            StringBuilder figures = new StringBuilder();
            r.dev().figures().forEach((name, value) -> figures.append(figures.length() == 0 ? "" : ", ")
                    .append(name.replaceFirst("^dev_", "").replace('_', ' '))
                    .append(String.format(Locale.ROOT, " %.2f %%", 100 * value)));
            err.printf(Locale.ROOT, "epoch %d done: dev %s%s  (%s)%n", r.epoch(), figures,
                    r.best() ? "; best so far, saved" : "", clock(r.elapsedSeconds()));
            err.flush();
        }

        @Override
        public void onMessage(String message) {
            err.println(command + ": " + message);
            err.flush();
        }

        private static String clock(double seconds) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
    }
}
