package io.promptwave.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecoderGrowthTest {
    private static final long[] TOKENS = {4, 8, 100, 120, 140, 4, 8, 101, 121, 141};

    @Test
    void aGrownDecoderComputesWhatTheTrainedOneDid() throws Exception {
        // with an image front-end, whose parameters come after the decoder's and so change position
        try (SpeechModel speech = SpeechModel.create(BackboneTest.TINY, new Vocabulary(List.of("en"), 0), 7);
                SpeechModel trained = speech.withImageFrontEnd(32, 24, 3);
                SpeechModel grown = trained.withDecoderLayers(4, 11)) {
            assertEquals(4, grown.backbone().config().decoderLayers());
            assertEquals(2, trained.backbone().config().decoderLayers());
            assertEquals(32, grown.backbone().config().imageDims());
            // each decoder layer has 26 weights: three norms, two attentions and the feed-forward projections
            assertEquals(trained.parameters().size() + 2 * 26, grown.parameters().size());
            assertArrayEquals(logits(trained), logits(grown), 1e-6f);
            assertNotEquals(trained.fingerprint(), grown.fingerprint());
            Map<String, Tensor> before = trained.weights();
            Map<String, Tensor> after = grown.weights();
            // every trained weight is carried over, also those of blocks whose position moved
            assertArrayEquals(before.get("09decoder_norm_gamma").values(), after.get("11decoder_norm_gamma").values());
            for (Map.Entry<String, Tensor> e : before.entrySet()) {
                String moved = e.getKey().replaceFirst("^09decoder_norm", "11decoder_norm")
                        .replaceFirst("^10image_front_end", "12image_front_end");
                assertArrayEquals(e.getValue().values(), after.get(moved).values(), e.getKey());
            }
            // the new layers: random projections into each branch, zero projections out of it
            float[] query = after.get("09decoder_2_02self_attention_01query_weight").values();
            assertTrue(maxAbs(query) > 0f);
            for (String branchOut : List.of("02self_attention_04output", "04cross_attention_04output",
                    "05feed_forward_03contract")) {
                for (String layer : List.of("09decoder_2_", "10decoder_3_")) {
                    assertEquals(0f, maxAbs(after.get(layer + branchOut + "_weight").values()), layer + branchOut);
                    assertEquals(0f, maxAbs(after.get(layer + branchOut + "_bias").values()), layer + branchOut);
                }
            }
        }
    }

    @Test
    void theNewLayersLearn() throws Exception {
        try (SpeechModel trained = SpeechModel.create(BackboneTest.TINY, new Vocabulary(List.of("en"), 0), 7);
                SpeechModel grown = trained.withDecoderLayers(3, 11);
                NDManager work = grown.newWorkManager()) {
            Parameter out = grown.backbone().decoderLayers().get(2).getParameters().get("05feed_forward_03contract_weight");
            out.getArray().setRequiresGradient(true);
            PaddedBatch batch = PaddedBatch.of(work, BackboneTest.randomUtterances(2, 70, 55));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                Backbone backbone = grown.backbone();
                NDArray logits = backbone.decoderLogits(grown.store(), backbone.encode(grown.store(), batch.features(),
                        batch.lengths(), PromptHooks.NONE, true), work.create(TOKENS, new Shape(2, 5)),
                        work.ones(new Shape(2, 5), DataType.BOOLEAN), PromptHooks.NONE, true);
                collector.backward(logits.logSoftmax(-1).get(":, :, 100").sum());
            }
            // a zero projection out of the branch still gets a gradient: training moves it off zero
            assertTrue(maxAbs(out.getArray().getGradient().toFloatArray()) > 1e-6f);
        }
    }

    @Test
    void aDecoderOnlyGrows() throws Exception {
        try (SpeechModel trained = SpeechModel.create(BackboneTest.TINY, new Vocabulary(List.of("en"), 0), 7)) {
            assertEquals("a grown decoder needs more than the 2 layers it has, got 2",
                    assertThrows(IllegalArgumentException.class, () -> trained.withDecoderLayers(2, 1)).getMessage());
        }
    }

    private static float[] logits(SpeechModel model) {
        try (NDManager work = model.newWorkManager()) {
            Backbone backbone = model.backbone();
            PaddedBatch batch = PaddedBatch.of(work, BackboneTest.randomUtterances(1, 90, 61));
            Backbone.Encoded encoded = backbone.encode(model.store(), batch.features(), batch.lengths(),
                    PromptHooks.NONE, false);
            return backbone.decoderLogits(model.store(), encoded, work.create(TOKENS, new Shape(2, 5)),
                    work.ones(new Shape(2, 5), DataType.BOOLEAN), PromptHooks.NONE, false).toFloatArray();
        }
    }

    private static float maxAbs(float[] values) {
        float m = 0f;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
