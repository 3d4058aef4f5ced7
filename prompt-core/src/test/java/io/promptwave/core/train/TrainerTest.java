package io.promptwave.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.SafetensorsFile;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.decode.GreedyDecoder;
import io.promptwave.core.decode.Hypothesis;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final BackboneConfig TINY = BackboneConfig.builder().optDModel(64).optHeads(4).optEncoderLayers(2)
            .optDecoderLayers(1).optFeedForward(128).optFrontEndWidth(64).optDropout(0.1f).build();
    private static final String[] TEXTS = {"yes", "no", "up", "down", "left", "right", "on", "off"};

    /** Eight utterances of fixed random features, each with its own word. */
    static List<TrainingExample> eightWords(Vocabulary vocabulary) {
        return eightWords(vocabulary, 0f);
    }

    /**
     * The eight words; {@code channel} is added to the lower 40 feature bins and subtracted from the
     * upper 40 (0: the plain set): what a new recording channel does to the same utterances.
     */
    static List<TrainingExample> eightWords(Vocabulary vocabulary, float channel) {
        java.util.Random random = new java.util.Random(12);
        List<TrainingExample> out = new ArrayList<>();
        for (int u = 0; u < TEXTS.length; u++) {
            int frames = 60 + 8 * u;
            float[] v = new float[frames * 80];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian() + channel * (i % 80 < 40 ? 1 : -1);
            }
            out.add(new TrainingExample("w" + u, FeatureSequence.of(v, frames, 80, 100, "w" + u),
                    new int[] {Vocabulary.ASR, vocabulary.language("en")}, vocabulary.encode(TEXTS[u]), true));
        }
        return out;
    }

    /** A listener that keeps the trainer's messages (and nothing else). */
    static TrainingListener recording(List<String> messages) {
        return new TrainingListener() {
            @Override
            public void onStep(StepReport report) {
            }

            @Override
            public void onEpoch(EpochReport report) {
            }

            @Override
            public void onMessage(String message) {
                messages.add(message);
            }
        };
    }

    static final TrainingListener QUIET = new TrainingListener() {
        @Override
        public void onStep(StepReport report) {
        }

        @Override
        public void onEpoch(EpochReport report) {
        }
    };

    @Test
    void aTinyModelLearnsEightUtterancesByHeart(@TempDir Path run) throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            List<TrainingExample> data = eightWords(vocabulary);
            TrainingConfig config = TrainingConfig.builder().optEpochs(60).optMaxBatchFrames(4000)
                    .optPeakLearningRate(3e-3f).optWarmupSteps(10).optSpecAugment(false).optPatience(0)
                    .optCheckpointSteps(1000).optLabelSmoothing(0f).build();
            Trainer.Outcome outcome = new Trainer(model, config, run, QUIET).run(data, data, (m, cer) -> { });
            assertTrue(outcome.finished());
            assertEquals(0.0, outcome.bestDevScore(), 1e-9);
            List<FeatureSequence> features = data.stream().map(TrainingExample::features).toList();
            List<Hypothesis> hyps = new GreedyDecoder(model).decode(features, data.get(0).prefix(), PromptHooks.NONE);
            for (int i = 0; i < TEXTS.length; i++) {
                assertEquals(TEXTS[i], vocabulary.decode(hyps.get(i).tokens()));
            }
            assertTrue(Files.readString(run.resolve("training-curve.html")).contains("<svg"));
            assertTrue(Files.readAllLines(run.resolve("metrics.jsonl")).stream().anyMatch(l -> l.contains("\"dev_cer\":0.0")));
        }
    }

    @Test
    void stepsLeaveNoArraysBehindInTheModelsManager(@TempDir Path run) throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3);
                NDManager probe = model.newWorkManager()) {
            BaseNDManager modelManager = (BaseNDManager) probe.getParentManager();
            List<Integer> arrays = new ArrayList<>();
            TrainingListener counting = new TrainingListener() {
                @Override
                public void onStep(StepReport report) {
                    arrays.add(modelManager.getManagedArrays().size());
                }

                @Override
                public void onEpoch(EpochReport report) {
                }
            };
            TrainingConfig config = TrainingConfig.builder().optEpochs(3).optMaxBatchFrames(200).optSpecAugment(false)
                    .optPatience(0).optCheckpointSteps(1000).build();
            new Trainer(model, config, run, counting).run(eightWords(vocabulary), List.of(), (m, cer) -> { });
            assertTrue(arrays.size() >= 12, "steps " + arrays.size());
            // the optimizer's moments appear with the first update; after that nothing may pile up
            assertEquals(arrays.get(1), arrays.get(arrays.size() - 1), arrays.toString());
        }
    }

    @Test
    void aRunAskedToStopSavesItsStepAndTheNextRunGoesOnFromThere(@TempDir Path run) throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        List<TrainingExample> data = eightWords(vocabulary);
        TrainingConfig config = TrainingConfig.builder().optEpochs(2).optMaxBatchFrames(200).optSpecAugment(false)
                .optPatience(0).optCheckpointSteps(1000).build();
        List<String> messages = new ArrayList<>();
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            TrainingListener stopAtThree = new TrainingListener() {
                private long step;

                @Override
                public void onStep(StepReport report) {
                    step = report.step();
                }

                @Override
                public void onEpoch(EpochReport report) {
                }

                @Override
                public void onMessage(String message) {
                    messages.add(message);
                }

                @Override
                public boolean stopRequested() {
                    return step >= 3;
                }
            };
            Trainer.Outcome stopped = new Trainer(model, config, run, stopAtThree).run(data, List.of(), (m, cer) -> { });
            assertFalse(stopped.finished());
            assertEquals(3, stopped.steps());
            assertTrue(messages.contains("stopped on request: checkpoint saved after 3 steps; run the same command "
                    + "again to continue"), messages.toString());

            messages.clear();
            Trainer.Outcome rest = new Trainer(model, config, run, recording(messages)).run(data, List.of(),
                    (m, cer) -> { });
            assertTrue(rest.finished());
            assertTrue(messages.get(0).startsWith("resuming " + run + " at epoch 1, batch 4, step 3"), messages.toString());
            assertTrue(rest.steps() > 3, "steps " + rest.steps());
        }
    }

    @Test
    void aBatchWhoseGradientIsNotFiniteTwiceIsSkippedAndMovesNothing(@TempDir Path run) throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        TrainingExample word = eightWords(vocabulary).get(0);
        float[] values = word.features().toRowMajor();
        values[17] = Float.NaN;
        TrainingExample broken = word.withFeatures(FeatureSequence.of(values, word.features().frames(), 80, 100, "nan"));
        List<String> messages = new ArrayList<>();
        TrainingListener listener = recording(messages);
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            String before = model.fingerprint();
            TrainingConfig config = TrainingConfig.builder().optEpochs(1).optSpecAugment(false).optPatience(0).build();
            new Trainer(model, config, run, listener).run(List.of(broken), List.of(), (m, cer) -> { });
            assertEquals(before, model.fingerprint(), "a skipped update changed the weights");
            List<String> skips = messages.stream().filter(m -> m.startsWith("gradient norm is NaN")).toList();
            assertEquals(2, skips.size(), messages.toString());
            assertTrue(skips.get(0).endsWith("computing the batch again"), skips.get(0));
            assertTrue(skips.get(1).endsWith("the second pass too, update skipped"), skips.get(1));
        }
    }

    @Test
    void aRunPausedAndResumedTakesTheSameNextStepAsAStraightRun(@TempDir Path dir) throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        List<TrainingExample> data = eightWords(vocabulary);
        TrainingConfig config = TrainingConfig.builder().optEpochs(3).optMaxBatchFrames(200).optWarmupSteps(2)
                .optPatience(0).optCheckpointSteps(1000).build();
        // A process's first updates now and then get a non-finite gradient, which the trainer skips
        // (BENCHMARKS.md, "Non-finite gradients"). An update skipped in one run and not in the other is
        // no fault of resuming, so that attempt is made again: the next is no longer the process's first.
        for (int attempt = 1;; attempt++) {
            ResumeCheck check = pauseAndResume(dir.resolve("attempt-" + attempt), data, vocabulary, config);
            if (check.skipped() > 0 && attempt < 3) {
                continue;
            }
            assertEquals(0, check.skipped(), "updates skipped for non-finite gradients in " + attempt + " attempts");
            assertTrue(check.apart() < 0.01 * check.step(), "resumed step 6 lands " + check.apart() + " from the "
                    + "straight run's; the step itself moved the weights " + check.step());
            // early in training Adam's steps are about the rate times the gradient's sign whatever its
            // moments hold, so the moments themselves are compared: lost ones would hold one step, not six
            assertTrue(check.momentsApart() < 0.01 * check.moments(), "the resumed optimizer's moments lie "
                    + check.momentsApart() + " from the straight run's, whose size is " + check.moments());
            return;
        }
    }

    /**
     * @param apart distance between the straight run's weights after step 6 and the paused-and-resumed run's
     * @param step how far step 6 moved the straight run's weights
     * @param momentsApart distance between the two runs' optimizer moments after step 6
     * @param moments the size of the straight run's moments
     * @param skipped updates either run skipped for a non-finite gradient
     */
    private record ResumeCheck(double apart, double step, double momentsApart, double moments, int skipped) {
    }

    /**
     * Straight runs to step 5 and to step 6, and a run paused after step 5 and resumed for one step
     * in a model of other weights. Over a whole run the two paths cannot be compared bit for bit:
     * PyTorch's CPU kernels may round differently from run to run, and Adam turns a sign flip in a
     * near-zero gradient into a step of the full learning rate, so tiny differences grow. One step after
     * the pause they cannot have grown: there the resumed run must take the straight run's step, which
     * it does only with the right batch, rate and optimizer moments.
     */
    private static ResumeCheck pauseAndResume(Path dir, List<TrainingExample> data, Vocabulary vocabulary,
            TrainingConfig config) throws Exception {
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        TrainingListener counting = recording(messages);
        Map<String, Tensor> atFive;
        Map<String, Tensor> atSix;
        // two straight runs, neither paused on the way (a pause and resume would share the code under test)
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            new Trainer(model, config.toBuilder().optPauseAtStep(5).build(), dir.resolve("straight-5"), counting)
                    .run(data, List.of(), (m, cer) -> { });
            atFive = model.weights();
        }
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            new Trainer(model, config.toBuilder().optPauseAtStep(6).build(), dir.resolve("straight"), counting)
                    .run(data, List.of(), (m, cer) -> { });
            atSix = model.weights();
        }
        Path run = dir.resolve("paused");
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            // stop after 5 updates: mid-epoch, the checkpoint must remember where
            Trainer.Outcome first = new Trainer(model, config.toBuilder().optPauseAtStep(5).build(), run, counting)
                    .run(data, List.of(), (m, cer) -> { });
            assertFalse(first.finished());
            assertEquals(5, first.steps());
        }
        // a model of other weights: everything must come from the checkpoint
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 99)) {
            Trainer.Outcome sixth = new Trainer(model, config.toBuilder().optPauseAtStep(6).build(), run, counting)
                    .run(data, List.of(), (m, cer) -> { });
            assertEquals(6, sixth.steps());
            Map<String, Tensor> straightMoments = SafetensorsFile.open(dir.resolve("straight/checkpoint/optimizer"
                    + ".safetensors")).readAll();
            Map<String, Tensor> resumedMoments = SafetensorsFile.open(run.resolve("checkpoint/optimizer.safetensors"))
                    .readAll();
            Map<String, Tensor> zero = new java.util.HashMap<>();
            straightMoments.forEach((k, v) -> zero.put(k, new Tensor(new float[v.size()], v.shape())));
            ResumeCheck check = new ResumeCheck(distance(atSix, model.weights()), distance(atSix, atFive),
                    distance(straightMoments, resumedMoments), distance(straightMoments, zero), (int) messages.stream().filter(m -> m.contains("update skipped")).count());
            Trainer.Outcome rest = new Trainer(model, config, run, counting).run(data, List.of(), (m, cer) -> { });
            assertTrue(rest.finished());
            assertTrue(rest.steps() > 6, "the run went on to its last epoch: " + rest.steps() + " steps");
            return check;
        }
    }

    /** Euclidean distance over all weights. */
    private static double distance(Map<String, Tensor> a, Map<String, Tensor> b) {
        double sum = 0;
        for (Map.Entry<String, Tensor> e : a.entrySet()) {
            float[] x = e.getValue().values();
            float[] y = b.get(e.getKey()).values();
            for (int i = 0; i < x.length; i++) {
                sum += (x[i] - y[i]) * (double) (x[i] - y[i]);
            }
        }
        return Math.sqrt(sum);
    }

    @Test
    void patienceCountsOnlyEpochsAfterTheWarmUp(@TempDir Path run) throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        List<TrainingExample> data = eightWords(vocabulary);
        // a dev score that never improves after the first epoch: patience 2 stops two counted epochs later
        List<Long> epochEnds = new ArrayList<>();
        TrainingConfig config = TrainingConfig.builder().optEpochs(40).optMaxBatchFrames(200).optWarmupSteps(20)
                .optPatience(2).optSpecAugment(false).optCheckpointSteps(1000).build();
        List<String> messages = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(StepReport report) {
            }

            @Override
            public void onEpoch(EpochReport report) {
                epochEnds.add(report.step());
            }

            @Override
            public void onMessage(String message) {
                messages.add(message);
            }
        };
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            Trainer.Outcome outcome = new Trainer(model, config, run, listener).run(data,
                    prompt -> new DevEvaluation.Score(0.5, Map.of()), (m, score) -> { });
            assertTrue(messages.contains("the dev score has not improved for 2 epochs: stopping"), messages.toString());
            int firstAfterWarmUp = 0;
            while (epochEnds.get(firstAfterWarmUp) <= 20) {
                firstAfterWarmUp++;
            }
            assertTrue(firstAfterWarmUp >= 2, "the set takes several epochs to warm up: " + epochEnds);
            // epochs end at these steps; the two counted ones are the first two past step 20
            assertEquals(firstAfterWarmUp + 2, epochEnds.size(), epochEnds.toString());
            assertEquals(epochEnds.size(), outcome.epochs());
        }
    }

    @Test
    void aRunFolderWithOtherSettingsIsRefused(@TempDir Path run) throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        List<TrainingExample> data = eightWords(vocabulary);
        TrainingConfig config = TrainingConfig.builder().optEpochs(2).optMaxBatchFrames(200).optPatience(0).build();
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            new Trainer(model, config.toBuilder().optPauseAtStep(2).build(), run, QUIET).run(data, List.of(),
                    (m, cer) -> { });
            ModelFormatException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
                    () -> new Trainer(model, config.toBuilder().optPeakLearningRate(1e-4f).build(), run, QUIET)
                            .run(data, List.of(), (m, cer) -> { }));
            assertTrue(e.getMessage().contains("holds a run with other settings"), e.getMessage());
        }
    }
}
