package io.promptwave.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.feature.SpecAugment;
import io.promptwave.core.artifact.DType;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.SafetensorsFile;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop shared by pretraining, full fine-tuning and training from scratch: batches
 * by padded frames over length-sorted utterances (text-only sentences by tokens, in batches of
 * their own), SpecAugment, the joint CTC-attention loss,
 * AdamW with warm-up and cosine decay, global-norm clipping, a dev evaluation after each epoch
 * with early stopping, and checkpoints.
 *
 * <p>Exact resume: batches, masks and dropout are functions of the seed and the step, and a
 * checkpoint holds the weights, the optimizer's moments and the position in the epoch, so a run
 * killed at any point and started again with the same data and settings ends with the same
 * weights as one that never stopped (tested). The run folder holds {@code checkpoint/},
 * {@code metrics.jsonl} and {@code training-curve.html}.
 */
public final class Trainer {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    private static final NDIndex ALL = new NDIndex("...");
    private final SpeechModel model;
    private final TrainingTarget target;
    private final TrainingConfig config;
    private final Path runDir;
    private final TrainingListener listener;

    /** Saves the model whenever the dev score improves. */
    @FunctionalInterface
    public interface BestModelSink {
        /**
         * @param model the model at its best so far
         * @param devScore its dev score (for transcription, the character error rate)
         * @throws IOException when saving fails
         */
        void save(SpeechModel model, double devScore) throws IOException;
    }

    /**
     * How a run ended.
     *
     * @param finished false when a time or step budget paused it, or its listener asked it to stop (run
     *     again to continue)
     * @param epochs completed epochs
     * @param steps updates
     * @param bestDevScore best (lowest) dev score seen
     * @param seconds wall time over all runs
     */
    public record Outcome(boolean finished, int epochs, long steps, double bestDevScore, double seconds) {
    }

    /**
     * @param model the model to train in place
     * @param config settings
     * @param runDir where checkpoints and logs go (a run folder resumes from its checkpoint)
     * @param listener progress
     */
    public Trainer(SpeechModel model, TrainingConfig config, Path runDir, TrainingListener listener) {
        this(model, TrainingTarget.wholeModel(model), config, runDir, listener);
    }

    /**
     * @param model the model the target belongs to
     * @param target what trains (the rest stays frozen)
     * @param config settings
     * @param runDir where checkpoints and logs go (a run folder resumes from its checkpoint)
     * @param listener progress
     */
    public Trainer(SpeechModel model, TrainingTarget target, TrainingConfig config, Path runDir,
            TrainingListener listener) {
        this.model = model;
        this.target = target;
        this.config = config;
        this.runDir = runDir;
        this.listener = listener;
    }

    /** The position of a run, as the checkpoint stores it. */
    private static final class State {
        int epoch = 1;
        int batch;
        long step;
        double bestCer = Double.POSITIVE_INFINITY;
        int badEpochs;
        double seconds;
        boolean finished;
        String settings;
    }

    /**
     * Trains until the epochs are done, early stopping triggers or the time budget runs out.
     *
     * @param train training examples
     * @param dev dev examples (may be empty: no evaluation, no early stopping)
     * @param sink receives the best model
     * @return the outcome
     * @throws IOException when the run folder cannot be written
     * @throws ModelFormatException when the checkpoint is corrupt or from other settings
     */
    public Outcome run(List<TrainingExample> train, List<TrainingExample> dev, BestModelSink sink)
            throws IOException, ModelFormatException {
        return run(train, dev.isEmpty() ? null
                : TranscriptionDevEvaluation.forPretraining(model, dev, config.devLimit(), config.maxBatchFrames()), sink);
    }

    /**
     * Trains until the epochs are done, early stopping triggers or the time budget runs out.
     *
     * @param train training examples
     * @param dev the dev evaluation after each epoch, or null (no evaluation, no early stopping)
     * @param sink receives the best model
     * @return the outcome
     * @throws IOException when the run folder cannot be written
     * @throws ModelFormatException when the checkpoint is corrupt or from other settings
     */
    public Outcome run(List<TrainingExample> train, DevEvaluation dev, BestModelSink sink)
            throws IOException, ModelFormatException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        Files.createDirectories(runDir);
        State state = resume();
        if (state.finished) {
            listener.onMessage("the run in " + runDir + " has already finished");
            return new Outcome(true, state.epoch - 1, state.step, state.bestCer, state.seconds);
        }
        if (config.pauseAtStep() > 0 && state.step >= config.pauseAtStep()) {
            listener.onMessage("the run in " + runDir + " is already at step " + state.step + " (paused at "
                    + config.pauseAtStep() + ")");
            return new Outcome(false, state.epoch - 1, state.step, state.bestCer, state.seconds);
        }
        int[] lengths = new int[train.size()];
        int[] dims = new int[train.size()];
        for (int i = 0; i < lengths.length; i++) {
            // text-only sentences count their tokens and form batches of their own (dims 0)
            lengths[i] = train.get(i).length();
            dims[i] = train.get(i).dims();
        }
        int audioDims = model.backbone().config().featureDims();
        LengthBatcher batcher = new LengthBatcher(config.maxBatchFrames());
        long batchesPerEpoch = batcher.batches(lengths, dims, 0).size();
        LearningRateSchedule schedule = new LearningRateSchedule(config.peakLearningRate(), config.warmupSteps(),
                batchesPerEpoch * config.epochs(), 0.05f);
        SpecAugment augment = SpecAugment.builder().build();
        Map<String, NDArray> parameters = target.parameters();
        AdamW optimizer = new AdamW(0.9f, 0.98f, 1e-9f, config.weightDecay());
        if (state.step > 0) {
            optimizer.restore(SafetensorsFile.open(runDir.resolve("checkpoint/optimizer.safetensors")).readAll(), parameters, state.step);
        }
        long runStart = System.nanoTime();
        double secondsBefore = state.seconds;
        long framesThisRun = 0;
        Engine engine = model.backbone().getParameters().get(0).getValue().getArray().getManager().getEngine();
        while (state.epoch <= config.epochs()) {
            List<List<Integer>> batches = batcher.batches(lengths, dims, config.seed() * 7919 + state.epoch);
            for (; state.batch < batches.size(); state.batch++) {
                long step = state.step + 1;
                List<TrainingExample> batch = new ArrayList<>();
                for (int index : batches.get(state.batch)) {
                    TrainingExample e = train.get(index);
                    // SpecAugment masks fbank bins and frames; image lines come degraded from their corpus
                    if (config.specAugment() && dims[index] == audioDims) {
                        FeatureSequence masked = augment.apply(e.features(), mix(config.seed(), step, index));
                        e = e.withFeatures(masked);
                    }
                    batch.add(e);
                }
                Computed computed = computeGradients(engine, batch, step);
                double norm = gradientNorm(parameters, computed.health(), false);
                if (!Double.isFinite(norm)) {
                    // the same batch, the same dropout: a second pass tells a chance failure (such as the
                    // freed constants ConstantFactor now avoids) from a real one
                    zeroGradients(parameters);
                    computed = computeGradients(engine, batch, step);
                    norm = gradientNorm(parameters, computed.health(), true);
                }
                if (Double.isFinite(norm)) {
                    float scale = norm > config.clipNorm() ? (float) (config.clipNorm() / norm) : 1f;
                    Map<String, NDArray> gradients = gradients(parameters);
                    try {
                        optimizer.step(parameters, gradients, schedule.rate(step), scale);
                    } finally {
                        gradients.values().forEach(NDArray::close);
                    }
                }
                zeroGradients(parameters);
                double loss = computed.loss();
                double ctc = computed.ctc();
                double attention = computed.attention();
                framesThisRun += computed.frames();
                state.step = step;
                double elapsed = (System.nanoTime() - runStart) / 1e9;
                state.seconds = secondsBefore + elapsed;
                TrainingListener.StepReport report = new TrainingListener.StepReport(state.epoch, step,
                        state.batch + 1, batches.size(), loss, ctc, attention, schedule.rate(step), norm,
                        framesThisRun / Math.max(1e-9, elapsed), state.seconds);
                listener.onStep(report);
                if (step % 10 == 0) {
                    appendMetrics(stepRecord(report));
                }
                boolean outOfTime = config.timeBudgetSeconds() > 0 && elapsed >= config.timeBudgetSeconds()
                        || config.pauseAtStep() > 0 && step >= config.pauseAtStep();
                boolean stopped = listener.stopRequested();
                if (step % config.checkpointSteps() == 0 || outOfTime || stopped) {
                    state.batch++;
                    checkpoint(state, optimizer);
                    state.batch--;
                }
                if (outOfTime || stopped) {
                    return paused(stopped ? "stopped on request" : "paused by the time or step budget", state);
                }
            }
            boolean stop = false;
            if (dev != null) {
                DevEvaluation.Score score = dev.evaluate(target.prompt());
                boolean best = score.score() < state.bestCer;
                if (best) {
                    state.bestCer = score.score();
                    state.badEpochs = 0;
                    sink.save(model, score.score());
                } else if (state.step > config.warmupSteps()) {
                    // an epoch that ends while the rate still warms up does not count against patience: on
                    // a small set (10 minutes of audio is six updates an epoch) patience would otherwise stop
                    // a run before its rate ever reached the peak
                    state.badEpochs++;
                }
                TrainingListener.EpochReport report = new TrainingListener.EpochReport(state.epoch, state.step, score,
                        best, state.seconds);
                listener.onEpoch(report);
                appendMetrics(epochRecord(report));
                stop = config.patience() > 0 && state.badEpochs >= config.patience();
            } else {
                sink.save(model, Double.NaN);
            }
            state.epoch++;
            state.batch = 0;
            if (stop) {
                listener.onMessage("the dev score has not improved for " + config.patience() + " epochs: stopping");
                break;
            }
            checkpoint(state, optimizer);
            if (listener.stopRequested() && state.epoch <= config.epochs()) {
                return paused("stopped on request", state);
            }
        }
        state.finished = true;
        checkpoint(state, optimizer);
        TrainingCurve.write(runDir.resolve("metrics.jsonl"), runDir.resolve("training-curve.html"));
        return new Outcome(true, state.epoch - 1, state.step, state.bestCer, state.seconds);
    }

    /** Says why the run stops unfinished, after its checkpoint is saved. */
    private Outcome paused(String why, State state) {
        listener.onMessage(why + ": checkpoint saved after " + state.step + " steps; run the same command again to "
                + "continue");
        return new Outcome(false, state.epoch - 1, state.step, state.bestCer, state.seconds);
    }

    /**
     * Puts the run's metrics log and its training curve beside a saved model or prompt, so that
     * whoever receives the directory sees how it was trained: {@code metrics.jsonl} copied from the
     * run folder and {@code training-curve.html} drawn from it. Nothing happens while the directory
     * does not exist (no best model saved yet) or the run has logged nothing.
     *
     * @param dir the model or prompt directory the sink writes
     * @throws IOException when copying or drawing fails
     */
    public void writeLogsBeside(Path dir) throws IOException {
        Path metrics = runDir.resolve("metrics.jsonl");
        if (!Files.isDirectory(dir) || !Files.isRegularFile(metrics)) {
            return;
        }
        Files.copy(metrics, dir.resolve("metrics.jsonl"), StandardCopyOption.REPLACE_EXISTING);
        TrainingCurve.write(metrics, dir.resolve("training-curve.html"));
    }

    /** @return the trained prompt for every row (nulls when backbone weights train) */
    private List<SoftPrompt> rowPrompts(int rows) {
        return java.util.Collections.nCopies(rows, target.prompt());
    }

    /** One pass's figures. */
    private record Computed(double loss, double ctc, double attention, long frames, BatchLoss.CtcHealth health) {
    }

    /** Forward and backward over one batch, dropout seeded by the step; gradients accumulate in the parameters. */
    private Computed computeGradients(Engine engine, List<TrainingExample> batch, long step) {
        engine.setRandomSeed((int) mix(config.seed(), step, -1));
        try (NDManager work = model.newWorkManager();
                GradientCollector collector = engine.newGradientCollector()) {
            BatchLoss batchLoss = BatchLoss.compute(model, work, batch, rowPrompts(batch.size()), config, true);
            collector.backward(batchLoss.total());
            double ctc = batchLoss.ctcPerLabel();
            double attention = batchLoss.attentionPerToken();
            double loss = Double.isNaN(ctc) ? attention : config.ctcWeight() * ctc + (1 - config.ctcWeight()) * attention;
            return new Computed(loss, ctc, attention, batchLoss.frames(), batchLoss.ctcHealth());
        }
    }

    /**
     * The global gradient norm; when it is not finite, says where (which parameters are finite: those
     * nearer the loss than where the NaN starts) and what happens next.
     */
    private double gradientNorm(Map<String, NDArray> parameters, BatchLoss.CtcHealth health, boolean secondPass) {
        double squares = 0;
        List<String> nonFinite = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            // the gradient lives in the model's manager, and so would every array computed from it: close them
            try (NDArray g = e.getValue().getGradient(); NDArray square = g.square(); NDArray s = square.sum()) {
                float part = s.getFloat();
                squares += part;
                if (!Float.isFinite(part)) {
                    nonFinite.add(e.getKey());
                }
            }
        }
        double norm = Math.sqrt(squares);
        if (!Double.isFinite(norm)) {
            List<String> finite = new ArrayList<>(parameters.keySet());
            finite.removeAll(nonFinite);
            listener.onMessage("gradient norm is " + norm + " (non-finite in " + nonFinite.size() + " of "
                    + parameters.size() + " parameters, first " + nonFinite.subList(0, Math.min(4, nonFinite.size()))
                    + "; finite: " + (finite.size() <= 24 ? finite : finite.size() + " parameters") + "; " + health
                    + "): " + (secondPass ? "the second pass too, update skipped" : "computing the batch again"));
        } else if (secondPass) {
            listener.onMessage("the second pass over the batch gave a finite gradient (norm " + norm + "): updating");
        }
        return norm;
    }

    /** Every parameter's gradient, by name: new handles in the model's manager, for the caller to close. */
    private static Map<String, NDArray> gradients(Map<String, NDArray> parameters) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        parameters.forEach((name, w) -> out.put(name, w.getGradient()));
        return out;
    }

    /** PyTorch accumulates gradients and DJL's collector no longer zeroes them: set them to zero here. */
    private void zeroGradients(Map<String, NDArray> parameters) {
        // an assignment, not g - g, which stays NaN where g is not finite; and of one zero made here,
        // not of the number 0: DJL would make each number a new array in the gradient's manager, the
        // model's, and never close it (two arrays per parameter and step, for the whole run)
        try (NDManager scratch = model.newWorkManager()) {
            NDArray zero = scratch.zeros(new Shape());
            for (NDArray w : parameters.values()) {
                try (NDArray g = w.getGradient()) {
                    g.set(ALL, zero);
                }
            }
        }
    }

    private State resume() throws IOException, ModelFormatException {
        Path stateFile = runDir.resolve("checkpoint/state.json");
        String settings = GSON.toJson(config.toBuilder().optTimeBudgetSeconds(0).optPauseAtStep(0).build());
        if (!target.description().equals(TrainingTarget.WHOLE_BACKBONE)) {
            // a run of part of the model resumes only as that part (runs of the whole model keep their old settings)
            settings += " training " + target.description();
        }
        if (!Files.isRegularFile(stateFile)) {
            State fresh = new State();
            fresh.settings = settings;
            return fresh;
        }
        State s;
        try {
            s = GSON.fromJson(Files.readString(stateFile, StandardCharsets.UTF_8), State.class);
        } catch (JsonParseException e) {
            throw new ModelFormatException(stateFile + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (s == null || !settings.equals(s.settings)) {
            throw new ModelFormatException(runDir + ": holds a run with other settings (" + (s == null ? "none"
                    : s.settings) + "); use a new run folder or the same settings");
        }
        try {
            target.restore(SafetensorsFile.open(runDir.resolve("checkpoint/weights.safetensors")).readAll());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(runDir.resolve("checkpoint/weights.safetensors") + ": " + e.getMessage(), e);
        }
        listener.onMessage("resuming " + runDir + " at epoch " + s.epoch + ", batch " + (s.batch + 1) + ", step "
                + s.step);
        return s;
    }

    private void checkpoint(State state, AdamW optimizer) throws IOException {
        Path tmp = runDir.resolve("checkpoint.tmp");
        Path dir = runDir.resolve("checkpoint");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        SafetensorsFile.write(tmp.resolve("weights.safetensors"), target.snapshot(), Map.of(), DType.F32);
        SafetensorsFile.write(tmp.resolve("optimizer.safetensors"), optimizer.state(), Map.of(), DType.F32);
        Files.writeString(tmp.resolve("state.json"), GSON.toJson(state) + "\n", StandardCharsets.UTF_8);
        Path old = runDir.resolve("checkpoint.old");
        deleteTree(old);
        if (Files.exists(dir)) {
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void appendMetrics(Map<String, Object> record) throws IOException {
        try (Writer w = Files.newBufferedWriter(runDir.resolve("metrics.jsonl"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(GSON.toJson(record));
            w.write('\n');
        }
    }

    private static Map<String, Object> stepRecord(TrainingListener.StepReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "step");
        m.put("epoch", r.epoch());
        m.put("step", r.step());
        m.put("loss", round(r.loss()));
        m.put("ctc", Double.isNaN(r.ctcLoss()) ? null : round(r.ctcLoss()));
        m.put("attention", round(r.attentionLoss()));
        m.put("lr", r.learningRate());
        m.put("grad_norm", round(r.gradientNorm()));
        m.put("frames_per_s", Math.round(r.framesPerSecond()));
        m.put("elapsed_s", Math.round(r.elapsedSeconds()));
        return m;
    }

    private static Map<String, Object> epochRecord(TrainingListener.EpochReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "epoch");
        m.put("epoch", r.epoch());
        m.put("step", r.step());
        // the figure early stopping watches, whatever the task calls its parts
        m.put("dev_score", round(r.dev().score()));
        r.dev().figures().forEach((name, value) -> m.put(name, round(value)));
        m.put("best", r.best());
        m.put("elapsed_s", Math.round(r.elapsedSeconds()));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }

    /** A well-spread 64-bit seed from the run seed, the step and a row (SplitMix64's finaliser). */
    static long mix(long seed, long step, long row) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + row * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
