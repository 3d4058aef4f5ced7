package io.promptwave.cli;

import io.promptwave.core.artifact.DType;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.AttentionStack;
import io.promptwave.core.prompt.MixturePrompt;
import io.promptwave.core.prompt.PromptAddOn;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.PromptInit;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.train.FeatureCache;
import io.promptwave.core.train.Trainer;
import io.promptwave.core.train.TrainingConfig;
import io.promptwave.core.train.TrainingExample;
import io.promptwave.core.train.TrainingTarget;
import io.promptwave.core.train.DevEvaluation;
import io.promptwave.core.train.TranscriptionDevEvaluation;
import io.promptwave.core.train.UnitModel;
import io.promptwave.core.eval.SlotDevEvaluation;
import io.promptwave.core.slots.IntentPosition;
import io.promptwave.core.slots.SlotSchema;
import io.promptwave.core.slots.Understander;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.corpus.CorpusException;
import io.promptwave.vision.preprocess.LineFeatureExtractor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code promptwave adapt}: trains a prompt on the frozen base for a new task, or, as the
 * baselines a prompt is compared with, fine-tunes the base (all of it or its decoder) or trains
 * the same architecture from scratch, through the same loop.
 */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = {"Adapt the frozen base to a new task with a soft prompt of a few thousand numbers.",
            "Prompt methods: enc, dec, enc+dec, deep, ulpt, moe. Only the prompt trains: the base's weights stay",
            "byte-identical. --out gets a prompt directory (adapter_config.json, adapter_model.safetensors,",
            "and the run's metrics.jsonl and training-curve.html).",
            "Baselines through the same loop: full (fine-tune every weight), decoder (fine-tune the decoder),",
            "scratch (train the base's architecture from random weights); --out then gets a model directory.",
            "Resumes from the run folder's checkpoint: run the same command again."})
final class AdaptCommand implements Callable<Integer> {
    /** What trains: a prompt method or a baseline. */
    enum Method {
        enc, dec, encdec("enc+dec"), deep, ulpt, moe, full, decoder, scratch;

        private final String id;

        Method() {
            this.id = name();
        }

        Method(String id) {
            this.id = id;
        }

        static Method parse(String s) {
            for (Method m : values()) {
                if (m.id.equals(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown method '" + s
                    + "': choose enc, dec, enc+dec, deep, ulpt, moe, or a baseline: full, decoder, scratch");
        }

        boolean isPrompt() {
            return ordinal() <= moe.ordinal();
        }
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--base", paramLabel = "DIR", description = "The frozen base. Default: the shipped models/base.")
    private Path base;

    @Option(names = "--method", required = true, converter = MethodConverter.class,
            description = "enc, dec, enc+dec, deep, ulpt, moe; baselines: full, decoder, scratch.")
    private Method method;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training manifest(s) (JSONL).")
    private List<Path> trainManifests;

    @Option(names = "--dev", paramLabel = "FILE", description = {"Dev manifest: the metric for early stopping and the best prompt,",
                "decoded the base's recommended way (`eval --save-decoding`; else greedy)."})
    private Path devManifest;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Prompt (or, for a baseline, model) directory to write.")
    private Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "The prompt's name. Default: the name of --out.")
    private String name;

    @Option(names = "--prompt-version", defaultValue = "1", paramLabel = "N", description = "The prompt's version. Default: ${DEFAULT-VALUE}.")
    private int version;

    @Option(names = "--run", paramLabel = "DIR", description = "Run folder. Default: ~/.promptwave/runs/adapt-NAME.")
    private Path run;

    @Option(names = "--length", defaultValue = "16", description = "Prompt positions (per stack; per expert for moe). Default: ${DEFAULT-VALUE}.")
    private int length;

    @Option(names = "--stacks", defaultValue = "encoder,decoder,cross", split = ",",
            description = "Attention stacks of a deep prefix. Default: ${DEFAULT-VALUE}.")
    private List<String> stacks;

    @Option(names = "--reparam", defaultValue = "0", paramLabel = "WIDTH",
            description = "Deep prefix: hidden width of the training-time MLP (0: plain prefixes). Default: ${DEFAULT-VALUE}.")
    private int reparam;

    @Option(names = "--rank", defaultValue = "4", description = "ULPT latent rank r. Default: ${DEFAULT-VALUE}.")
    private int rank;

    @Option(names = "--experts", defaultValue = "4", description = "Mixture: expert prompts. Default: ${DEFAULT-VALUE}.")
    private int experts;

    @Option(names = "--top-k", defaultValue = "1", description = "Mixture: experts per utterance. Default: ${DEFAULT-VALUE}.")
    private int topK;

    @Option(names = "--init", description = "random, vocab, text or audio. Default: vocab; text (the schema's names) for --task slots.")
    private String init;

    @Option(names = "--init-text", paramLabel = "TEXT", description = "Text for --init text, e.g. '<it> ciao'.")
    private String initText;

    @Option(names = "--task", defaultValue = "asr",
            description = {"asr (transcription), slots (transcript, intent and slots; needs --schema), or ocr (reading",
                "text-line images: --train and --dev are manifests of `corpus lines`; needs a base with an image",
                "front-end). Default: ${DEFAULT-VALUE}."})
    private String task;

    @Option(names = "--schema", paramLabel = "FILE",
            description = "Task schema of --task slots (intents and slot types; see recipes/tasks/smart-home.json).")
    private Path schemaFile;

    @Option(names = "--intent-position", paramLabel = "first|last", description = {"--task slots: where the output "
            + "names the intent: first (before the words, the base's own order) or last (after them,",
        "so the decoder reads its words before choosing). The prompt records it. Default: first."})
    private String intentPosition;

    @Option(names = "--output-bias", description = "Also train a bias on the output logits (a verbalizer, counted apart).")
    private boolean outputBias;

    @Option(names = "--input-adapter", defaultValue = "0", paramLabel = "RANK",
            description = {"Also train a low-rank input adapter of this rank (2 x d_model x RANK numbers, counted apart):",
                    "each embedded input frame x becomes x + x A B. For a new voice, channel or font. Default: none."})
    private int inputAdapterRank;

    @Option(names = "--feature-transform", description = {"Also train an affine transform of the input features "
            + "(F x F + F numbers, 6,480 for 80 fbank bins, counted apart):",
        "each frame f becomes f + f M + s before the frozen front-end reads it. For a new voice or channel."})
    private boolean featureTransform;

    @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache. Default: ~/.promptwave/cache/features.")
    private Path cache;

    @Option(names = "--epochs", defaultValue = "30", description = "Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--batch-frames", defaultValue = "12000", description = "Input frames per batch. Default: ${DEFAULT-VALUE}.")
    private int batchFrames;

    @Option(names = "--lr", description = "Peak learning rate. Default: 1e-2 for prompts, 5e-4 for fine-tuning, 2e-3 from scratch.")
    private Float lr;

    @Option(names = "--warmup", defaultValue = "50", description = "Warm-up steps. Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--ctc-weight", defaultValue = "0.3", description = "Weight of the CTC loss. Default: ${DEFAULT-VALUE}.")
    private float ctcWeight;

    @Option(names = "--spec-augment", description = "Train with SpecAugment masks (off by default: prompts see little data).")
    private boolean specAugment;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    private int seed;

    @Option(names = "--patience", defaultValue = "5", description = {"Epochs without dev improvement before stopping "
            + "(0: never); epochs that end within the warm-up do not count. Default: ${DEFAULT-VALUE}."})
    private int patience;

    @Option(names = "--time-budget", defaultValue = "0", paramLabel = "MINUTES",
            description = "Pause with a checkpoint after this many minutes (0: none); run again to continue.")
    private double timeBudget;

    @Option(names = "--dev-limit", defaultValue = "0", description = "Dev utterances decoded per evaluation (0: all). Default: ${DEFAULT-VALUE}.")
    private int devLimit;

    /** Parses {@code --method}. */
    static final class MethodConverter implements CommandLine.ITypeConverter<Method> {
        @Override
        public Method convert(String value) {
            try {
                return Method.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws IOException, CorpusException, ModelFormatException, EngineUnavailableException {
        PrintWriter err = spec.commandLine().getErr();
        Path home = Path.of(System.getProperty("user.home"), ".promptwave");
        String promptName = name != null ? name : out.toAbsolutePath().getFileName().toString();
        if (!method.isPrompt() && (featureTransform || inputAdapterRank > 0 || outputBias)) {
            // a baseline trains the model's own weights: an add-on would be silently left out
            throw new CommandLine.ParameterException(spec.commandLine(), "--feature-transform, --input-adapter and "
                    + "--output-bias go with a prompt (--method enc, dec, enc+dec, deep, ulpt or moe), not --method "
                    + method.id);
        }
        if (method.isPrompt()) {
            // refused before any training, not when the first best prompt is saved
            try {
                PromptInfo.requireValidName(promptName);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage()
                        + (name == null ? " (the name of --out; give --name)" : ""));
            }
        }
        Path runDir = run != null ? run : home.resolve("runs").resolve("adapt-" + promptName);
        Path baseDir = base != null ? base : ModelLocation.defaultBase();
        float rate = lr != null ? lr : method.isPrompt() ? 1e-2f : method == Method.scratch ? 2e-3f : 5e-4f;
        SlotSchema schema = slotSchema();
        String initMethod = init != null ? init : schema != null ? "text" : "vocab";
        String initWords = initText == null && schema != null && initMethod.equals("text") ? SlotTask.initText(schema)
                : initText;
        TrainingConfig config;
        PromptConfig promptConfig = null;
        try {
            config = TrainingConfig.builder().optEpochs(epochs).optMaxBatchFrames(batchFrames).optPeakLearningRate(rate)
                    .optWarmupSteps(warmup).optCtcWeight(ctcWeight).optSpecAugment(specAugment).optSeed(seed)
                    .optPatience(patience).optTimeBudgetSeconds(Math.round(timeBudget * 60)).optDevLimit(devLimit)
                    .build();
            if (method.isPrompt()) {
                EnumSet<AttentionStack> chosen = EnumSet.noneOf(AttentionStack.class);
                stacks.forEach(s -> chosen.add(AttentionStack.parse(s)));
                promptConfig = PromptConfig.builder(PromptMethod.parse(method.id)).optLength(length).optStacks(chosen)
                        .optReparameterisation(reparam).optRank(rank).optExperts(experts).optTopK(topK)
                        .optInit(PromptInit.parse(initMethod)).optInitText(initWords).optOutputBias(outputBias).optSeed(seed)
                        .optInputAdapterRank(inputAdapterRank).build();
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        FeatureCache features = new FeatureCache(cache != null ? cache : home.resolve("cache/features"));
        try (SpeechModel model = method == Method.scratch ? fresh(baseDir) : ModelDirectory.load(baseDir)) {
            String fingerprint = model.fingerprint();
            List<TrainingExample> train = examples(model, baseDir, schema, trainManifests, 0, features);
            if (train.isEmpty()) {
                throw new ModelFormatException("no usable training utterances in " + trainManifests);
            }
            // the base's recommended decoding (beam search with CTC prefix scores for the shipped base): dev is
            // scored with it, so the epoch kept decodes best the way the adapted model will be used, and a
            // baseline keeps it
            DecodingOptions baseDecoding = ModelDirectory.defaultDecoding(baseDir);
            DevEvaluation dev = devEvaluation(model, baseDir, schema, config, features, baseDecoding);
            Map<String, Object> provenance = new LinkedHashMap<>(Provenance.of(seed, trainManifests, config));
            provenance.put("base", Map.of("path", baseDir.toAbsolutePath().toString(), "fingerprint", fingerprint));
            provenance.put("task", task);
            if (schema != null) {
                provenance.put("label_schema", schema.toConfig());
            }
            if (!method.isPrompt()) {
                return trainBaseline(model, baseDir, train, dev, baseDecoding, config, runDir, provenance, err);
            }
            String language = model.vocabulary().languageOf(train.get(0).prefix()[1]);
            List<io.promptwave.features.FeatureSequence> samples = train.stream().limit(32)
                    .map(TrainingExample::features).toList();
            if (featureTransform) {
                promptConfig = promptConfig.withFeatureTransformDims(featureSize(train));
            }
            try (SoftPrompt prompt = new PromptFactory(model).create(promptConfig, samples)) {
                TrainingTarget target = TrainingTarget.prompt(model, prompt);
                StringBuilder addOns = new StringBuilder();
                // counted apart from the prompt's own numbers, in the log and in adapter_config.json
                Map<String, Long> addOnCounts = new LinkedHashMap<>();
                for (SoftPrompt p = prompt; p instanceof PromptAddOn addOn; p = addOn.prompt()) {
                    addOns.append(String.format(Locale.ROOT, ", %,d of them in the %s", addOn.ownCount(),
                            addOn.kind()));
                    addOnCounts.put(addOn.kind().replace(' ', '_'), addOn.ownCount());
                }
                if (!addOnCounts.isEmpty()) {
                    provenance.put("add_on_parameters", addOnCounts);
                }
                err.printf(Locale.ROOT, "adapt: %s prompt, %,d trained numbers%s on a frozen base of %,d; %,d training "
                        + "utterances%n", method.id, target.count(), addOns, model.parameterCount(), train.size());
                PromptConfig shape = promptConfig;
                TrainingInterruption.during(err, "adapt", stop -> {
                    Trainer trainer = new Trainer(model, target, config, runDir,
                            new PretrainCommand.ProgressReporter(err, "adapt", config.epochs(), stop));
                    Trainer.Outcome outcome = trainer.run(train, dev, (m, cer) -> {
                        Map<String, Object> metrics = new LinkedHashMap<>();
                        if (Double.isFinite(cer)) {
                            metrics.put(task.equals("slots") ? "dev_score" : "dev_cer", cer);
                        }
                        // a mixture under an output bias or input adapter reports its experts too
                        if (PromptAddOn.innermost(prompt) instanceof MixturePrompt moe) {
                            metrics.put("expert_usage", java.util.Arrays.stream(moe.usage()).boxed().toList());
                        }
                        PromptDirectory.save(out, prompt, new PromptInfo(promptName, version, shape, task,
                                language, schema == null ? Map.of() : schema.toConfig(), fingerprint,
                                target.count(), prompt.storedCount(), metrics, provenance));
                    });
                    if (!model.fingerprint().equals(fingerprint)) {
                        throw new IllegalStateException("the base's weights changed while training a prompt");
                    }
                    trainer.writeLogsBeside(out);
                    err.printf(Locale.ROOT, "adapt: %s after %d epochs, %d steps, %.0f s; %s; prompt %s@%d in %s%n",
                            outcome.finished() ? "finished" : "paused", outcome.epochs(), outcome.steps(),
                            outcome.seconds(), PretrainCommand.bestDev(scoreName(), outcome.bestDevScore()),
                            promptName, version, out);
                });
                return 0;
            }
        }
    }

    /** The one feature size of the training data, which a feature transform reads. */
    private int featureSize(List<TrainingExample> train) {
        int dims = train.get(0).features().dims();
        for (TrainingExample e : train) {
            if (e.features().dims() != dims) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--feature-transform needs training data of "
                        + "one feature size: " + train.get(0).id() + " has " + dims + " values per frame, " + e.id()
                        + " has " + e.features().dims());
            }
        }
        return dims;
    }

    private SlotSchema slotSchema() throws CorpusException, IOException {
        if (task.equals("asr") || task.equals("ocr")) {
            if (schemaFile != null || intentPosition != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), (schemaFile != null ? "--schema"
                        : "--intent-position") + " belongs to --task slots");
            }
            return null;
        }
        if (!task.equals("slots")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown task '" + task
                    + "': asr, slots or ocr");
        }
        if (schemaFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--task slots needs --schema FILE");
        }
        IntentPosition position = SlotTask.intentPosition(intentPosition, spec.commandLine());
        return SlotTask.schema(schemaFile).withIntentPosition(position == null ? IntentPosition.FIRST : position);
    }

    /**
     * @param limit how many entries to take (0: all)
     */
    private List<TrainingExample> examples(SpeechModel model, Path baseDir, SlotSchema schema, List<Path> manifests,
            int limit, FeatureCache features) throws IOException, CorpusException, ModelFormatException {
        PrintWriter err = spec.commandLine().getErr();
        if (task.equals("ocr")) {
            // the base records how its image front-end wants lines cut into patch columns
            LineFeatureExtractor extractor = ModelDirectory.imageFeatures(baseDir);
            return ImageExamples.read(model.vocabulary(), ImageExamples.lines(manifests, limit), extractor, err,
                    "adapt");
        }
        ManifestExamples.Listed listed = ManifestExamples.Listed.of(manifests);
        if (limit > 0) {
            listed = listed.first(limit);
        }
        return schema == null ? ManifestExamples.read(model.vocabulary(), listed, features, err, "adapt")
                : SlotTask.examples(model.vocabulary(), schema, listed, features, err, "adapt");
    }

    /** The dev score: CER for transcription; intent error and 1 - SLU-F1 for slot filling. */
    private DevEvaluation devEvaluation(SpeechModel model, Path baseDir, SlotSchema schema, TrainingConfig config,
            FeatureCache features, DecodingOptions options) throws IOException, CorpusException, ModelFormatException {
        if (devManifest == null) {
            return null;
        }
        List<TrainingExample> dev = examples(model, baseDir, schema, List.of(devManifest), devLimit, features);
        if (dev.isEmpty()) {
            return null;
        }
        if (schema == null) {
            return TranscriptionDevEvaluation.withDecoding(model, dev, 0, config.maxBatchFrames(), options);
        }
        ManifestExamples.Listed listed = ManifestExamples.Listed.of(List.of(devManifest)).first(devLimit);
        Understander understander;
        try {
            understander = new Understander(model, schema, options);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return new SlotDevEvaluation(understander, SlotTask.utterances(dev, listed), config.maxBatchFrames());
    }

    private String scoreName() {
        return task.equals("slots") ? "score (mean of intent error and 1 - SLU-F1)" : "CER";
    }

    private SpeechModel fresh(Path baseDir) throws ModelFormatException, IOException, EngineUnavailableException {
        // the base's architecture and vocabulary, random weights: the from-scratch baseline
        try (SpeechModel shape = ModelDirectory.load(baseDir)) {
            return SpeechModel.create(shape.backbone().config(), shape.vocabulary(), seed);
        }
    }

    private int trainBaseline(SpeechModel model, Path baseDir, List<TrainingExample> train, DevEvaluation dev,
            DecodingOptions decoding, TrainingConfig config, Path runDir, Map<String, Object> provenance, PrintWriter err)
            throws IOException, ModelFormatException {
        // a base that reads keeps reading after fine-tuning: its line settings go with the weights
        LineFeatureExtractor lines = model.backbone().config().hasImageFrontEnd()
                ? ModelDirectory.imageFeatures(baseDir) : null;
        // and a base pretrained on the pseudo language cannot load without its unit model
        Path unitsDir = baseDir.resolve(ModelDirectory.UNITS);
        UnitModel units = Files.isDirectory(unitsDir) ? UnitModel.load(unitsDir) : null;
        TrainingTarget target = method == Method.decoder
                // decoder layers and norm; the token table is shared with the output and stays frozen
                ? TrainingTarget.backboneWeights(model, n -> n.contains("decoder_"), "the decoder")
                : TrainingTarget.wholeModel(model);
        err.printf(Locale.ROOT, "adapt: %s baseline, %,d of %,d weights train; %,d training utterances%n", method.id,
                target.count(), model.parameterCount(), train.size());
        provenance.put("method", method.id);
        provenance.put("trainable_parameters", target.count());
        TrainingInterruption.during(err, "adapt", stop -> {
            Trainer trainer = new Trainer(model, target, config, runDir,
                    new PretrainCommand.ProgressReporter(err, "adapt", config.epochs(), stop));
            Trainer.Outcome outcome = trainer.run(train, dev, (m, cer) -> {
                Map<String, Object> p = new LinkedHashMap<>(provenance);
                if (Double.isFinite(cer)) {
                    p.put(task.equals("slots") ? "dev_score" : "dev_cer", cer);
                }
                ModelDirectory.save(m, out, FeatureSettings.fbank80(), lines, p, DType.F32);
                if (units != null) {
                    units.save(out.resolve(ModelDirectory.UNITS));
                }
                // it decodes as the base does (its language model too), so a baseline is compared like for like
                try {
                    if (decoding.fusesLanguageModel()) {
                        ModelDirectory.saveLanguageModel(out, decoding.languageModel());
                    }
                    ModelDirectory.saveDefaultDecoding(out, decoding);
                } catch (ModelFormatException e) {
                    // the config was written a moment ago: failing to read it back is a storage fault
                    throw new IOException(e.getMessage(), e);
                }
            });
            trainer.writeLogsBeside(out);
            err.printf(Locale.ROOT, "adapt: %s after %d epochs, %d steps, %.0f s; %s; model in %s%n",
                    outcome.finished() ? "finished" : "paused", outcome.epochs(), outcome.steps(), outcome.seconds(),
                    PretrainCommand.bestDev(scoreName(), outcome.bestDevScore()), out);
        });
        return 0;
    }
}
