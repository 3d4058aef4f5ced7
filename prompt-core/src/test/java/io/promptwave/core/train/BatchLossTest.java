package io.promptwave.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.FreedMemory;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.model.TensorRuntime;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.features.FeatureSequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The joint loss of one batch, and the CTC health figures the trainer prints beside a skipped update. */
class BatchLossTest {
    private static final BackboneConfig TINY = BackboneConfig.builder().optDModel(32).optHeads(2).optEncoderLayers(1)
            .optDecoderLayers(1).optFeedForward(64).optFrontEndWidth(32).optDropout(0f).build();

    @Test
    void aRowTooShortForItsCtcTargetIsCountedAndLeavesTheGradientFinite() throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        List<TrainingExample> batch = new ArrayList<>(TrainerTest.eightWords(vocabulary).subList(0, 2));
        // 8 input frames are two or three encoder frames: no CTC alignment fits 40 letters
        batch.add(new TrainingExample("short", FeatureSequence.of(new float[8 * 80], 8, 80, 100, "short"),
                new int[] {Vocabulary.ASR, vocabulary.language("en")},
                vocabulary.encode("forty letters cannot fit in three frames"), true));
        TrainingConfig config = TrainingConfig.builder().optCtcWeight(0.5f).optSpecAugment(false).build();
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 5)) {
            model.parameters().values().forEach(a -> a.setRequiresGradient(true));
            try (var work = model.newWorkManager();
                    GradientCollector collector = TensorRuntime.pytorch().newGradientCollector()) {
                BatchLoss loss = BatchLoss.compute(model, work, batch, Collections.nCopies(batch.size(), null), config,
                        true);
                assertEquals(new BatchLoss.CtcHealth(0, 0, 1, 0), loss.ctcHealth());
                assertTrue(Double.isFinite(loss.ctcPerLabel()) && loss.ctcPerLabel() > 0, "CTC " + loss.ctcPerLabel());
                assertEquals("CTC log-probabilities non-finite in 0 values of real frames and 0 of padding, 1 rows "
                        + "without a finite CTC loss, 0 non-finite gradient values", loss.ctcHealth().toString());
                collector.backward(loss.total());
                for (var e : model.parameters().entrySet()) {
                    try (NDArray g = e.getValue().getGradient()) {
                        assertTrue(Float.isFinite(g.square().sum().getFloat()), e.getKey());
                    }
                }
            }
        }
    }

    /**
     * The garbage collector may run between a batch's forward and backward pass (the CTC term makes
     * large Java arrays there). No number the backward pass reads may live in memory it frees: with
     * DJL's {@code mul(Number)}/{@code div(Number)} in the attention scores, embeddings and loss
     * weights, this gave non-finite or silently wrong gradients.
     */
    @Test
    void gradientsDoNotDependOnAGarbageCollectionBeforeTheBackwardPass() throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        List<TrainingExample> batch = TrainerTest.eightWords(vocabulary).subList(0, 3);
        TrainingConfig config = TrainingConfig.builder().optCtcWeight(0.5f).optLabelSmoothing(0.1f)
                .optSpecAugment(false).build();
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 5)) {
            model.parameters().values().forEach(a -> a.setRequiresGradient(true));
            Map<String, float[]> straight = gradients(model, batch, config, false);
            for (int attempt = 0; attempt < 3; attempt++) {
                Map<String, float[]> collected = gradients(model, batch, config, true);
                for (var e : straight.entrySet()) {
                    assertArrayEquals(e.getValue(), collected.get(e.getKey()), 1e-6f,
                            e.getKey());
                }
            }
        }
    }

    private static Map<String, float[]> gradients(SpeechModel model, List<TrainingExample> batch,
            TrainingConfig config, boolean collectGarbage) throws Exception {
        Map<String, float[]> out = new TreeMap<>();
        try (var work = model.newWorkManager();
                GradientCollector collector = TensorRuntime.pytorch().newGradientCollector()) {
            BatchLoss loss = BatchLoss.compute(model, work, batch, Collections.nCopies(batch.size(), null), config, true);
            if (collectGarbage) {
                FreedMemory.collectAndReuse();
            }
            collector.backward(loss.total());
        }
        try (var scratch = model.newWorkManager()) {
            NDArray zero = scratch.zeros(new Shape());
            for (var e : model.parameters().entrySet()) {
                try (NDArray g = e.getValue().getGradient()) {
                    out.put(e.getKey(), g.toFloatArray());
                    g.set(new NDIndex("..."), zero); // PyTorch accumulates gradients
                }
            }
        }
        return out;
    }
}
