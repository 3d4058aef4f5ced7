package io.promptwave.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackboneTest {
    static final BackboneConfig TINY = BackboneConfig.builder().optDModel(32).optHeads(4).optEncoderLayers(2)
            .optDecoderLayers(2).optFeedForward(64).optFrontEndWidth(48).optDropout(0f).build();

    static List<io.promptwave.features.FeatureSequence> randomUtterances(long seed, int... frames) {
        java.util.Random random = new java.util.Random(seed);
        List<io.promptwave.features.FeatureSequence> out = new ArrayList<>();
        for (int f : frames) {
            float[] v = new float[f * 80];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            out.add(io.promptwave.features.FeatureSequence.of(v, f, 80, 100, "random-" + f));
        }
        return out;
    }

    @Test
    void cachedStepsEqualTheFullPass() throws EngineUnavailableException {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 7);
                NDManager work = model.newWorkManager()) {
            Backbone backbone = model.backbone();
            PaddedBatch batch = PaddedBatch.of(work, randomUtterances(1, 90, 61));
            Backbone.Encoded encoded = backbone.encode(model.store(), batch.features(), batch.lengths(),
                    PromptHooks.NONE, false);
            long[] tokens = {4, 8, 100, 120, 140, 4, 8, 101, 121, 141};
            NDArray ids = work.create(tokens, new Shape(2, 5));
            float[] full = backbone.decoderLogits(model.store(), encoded, ids, work.ones(new Shape(2, 5), DataType.BOOLEAN),
                    PromptHooks.NONE, false).toFloatArray();
            Backbone.DecoderState state = backbone.startDecoding(model.store(), encoded, PromptHooks.NONE);
            int v = backbone.vocabularySize();
            for (int t = 0; t < 5; t++) {
                float[] step = backbone.step(model.store(), state, ids.get(":, " + t + ":" + (t + 1))).toFloatArray();
                for (int b = 0; b < 2; b++) {
                    for (int k = 0; k < v; k++) {
                        assertEquals(full[(b * 5 + t) * v + k], step[b * v + k], 1e-4, "row " + b + " step " + t);
                    }
                }
            }
        }
    }

    @Test
    void aModelStartsFrozen() throws EngineUnavailableException {
        // weights that ask for gradients make inference on a server thread keep autograd state: a
        // 15 s utterance decoded with beam 4 peaked at twice the memory (SpeechModel.create)
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 7)) {
            assertFalse(model.parameters().isEmpty());
            assertTrue(model.parameters().values().stream().noneMatch(NDArray::hasGradient),
                    "a weight asks for gradients");
        }
    }

    @Test
    void promptsWithEveryPositionMaskedChangeNothing() throws EngineUnavailableException {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 7);
                NDManager work = model.newWorkManager()) {
            Backbone backbone = model.backbone();
            PaddedBatch batch = PaddedBatch.of(work, randomUtterances(2, 70));
            NDArray ids = work.create(new long[] {4, 8, 99}, new Shape(1, 3));
            NDArray idsMask = work.ones(new Shape(1, 3), DataType.BOOLEAN);
            float[] plain = backbone.decoderLogits(model.store(),
                    backbone.encode(model.store(), batch.features(), batch.lengths(), PromptHooks.NONE, false), ids,
                    idsMask, PromptHooks.NONE, false).toFloatArray();
            List<MultiHeadAttention.KeyValues> kv = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                kv.add(new MultiHeadAttention.KeyValues(work.randomNormal(new Shape(1, 4, 3, 8)),
                        work.randomNormal(new Shape(1, 4, 3, 8))));
            }
            NDArray none3 = work.zeros(new Shape(1, 3), DataType.BOOLEAN);
            PromptHooks.LayerPrefixes hidden = new PromptHooks.LayerPrefixes(kv, none3);
            PromptHooks hooks = new PromptHooks(
                    new PromptHooks.InputPrefix(work.randomNormal(new Shape(1, 3, 32)), none3),
                    new PromptHooks.InputPrefix(work.randomNormal(new Shape(1, 3, 32)), none3), hidden, hidden, hidden,
                    null);
            float[] masked = backbone.decoderLogits(model.store(),
                    backbone.encode(model.store(), batch.features(), batch.lengths(), hooks, false), ids, idsMask, hooks,
                    false).toFloatArray();
            assertEquals(plain.length, masked.length);
            for (int i = 0; i < plain.length; i++) {
                assertEquals(plain[i], masked[i], 1e-4);
            }
            // and a visible prompt does change the output: the hooks are live
            NDArray all3 = work.ones(new Shape(1, 3), DataType.BOOLEAN);
            PromptHooks.LayerPrefixes shown = new PromptHooks.LayerPrefixes(kv, all3);
            PromptHooks visible = new PromptHooks(new PromptHooks.InputPrefix(hooks.encoderInput().vectors(), all3),
                    new PromptHooks.InputPrefix(hooks.decoderInput().vectors(), all3), shown, shown, shown, null);
            float[] steered = backbone.decoderLogits(model.store(),
                    backbone.encode(model.store(), batch.features(), batch.lengths(), visible, false), ids, idsMask,
                    visible, false).toFloatArray();
            double diff = 0;
            for (int i = 0; i < plain.length; i++) {
                diff = Math.max(diff, Math.abs(plain[i] - steered[i]));
            }
            assertTrue(diff > 1e-2, "a visible prompt moved the logits by only " + diff);
        }
    }

    @Test
    void theDefaultSizeFitsTheMachine() throws EngineUnavailableException {
        try (SpeechModel model = SpeechModel.create(BackboneConfig.builder().build(), new Vocabulary(List.of("en", "it"), 0),
                1)) {
            long n = model.parameterCount();
            assertTrue(n > 10_000_000 && n < 20_000_000, n + " parameters");
            assertArrayEquals(new long[] {model.vocabulary().size(), 256},
                    model.backbone().embedding().getParameters().get("weight").getArray().getShape().getShape());
        }
    }
}
