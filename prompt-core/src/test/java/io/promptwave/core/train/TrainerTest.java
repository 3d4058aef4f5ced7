package io.promptwave.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.artifact.ModelFormatException;
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
    void aRunPausedAndResumedEndsWithTheSameWeights(@TempDir Path dir) throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        List<TrainingExample> data = eightWords(vocabulary);
        TrainingConfig config = TrainingConfig.builder().optEpochs(3).optMaxBatchFrames(200).optWarmupSteps(2)
                .optPatience(0).optCheckpointSteps(1000).build();
        Map<String, Tensor> straight;
        Map<String, Tensor> initial;
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            initial = model.weights();
            new Trainer(model, config, dir.resolve("straight"), QUIET).run(data, List.of(), (m, cer) -> { });
            straight = model.weights();
        }
        Path run = dir.resolve("paused");
        Trainer.Outcome first;
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            // stop after 5 updates: mid-epoch, the checkpoint must remember where
            first = new Trainer(model, config.toBuilder().optPauseAtStep(5).build(), run, QUIET)
                    .run(data, List.of(), (m, cer) -> { });
        }
        assertFalse(first.finished());
        assertEquals(5, first.steps());
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 99)) {
            Trainer.Outcome second = new Trainer(model, config, run, QUIET).run(data, List.of(), (m, cer) -> { });
            assertTrue(second.finished());
            // Usually bit-identical; but PyTorch's CPU kernels may round differently from run to run
            // (thread chunking, MKL's alignment-dependent paths), and Adam turns a sign flip in a
            // near-zero gradient into a step of the full learning rate. So: close to the straight run,
            // and far closer to it than the training moved the weights. A resume that restarted the
            // epoch or lost the optimizer's moments lands an order of magnitude further away.
            double apart = distance(straight, model.weights());
            double moved = distance(straight, initial);
            assertTrue(apart < 0.02 * moved, "resumed weights " + apart + " from the straight run's; training moved "
                    + moved);
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
