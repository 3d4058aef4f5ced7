package io.promptwave.core.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.promptwave.core.PromptFixtures;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The low-rank input adapter: its correction, its start at zero, and its stored form. */
class InputAdapterPromptTest {

    @Test
    void theCorrectionIsXTimesATimesBFrameByFrameAndStartsAtZero() throws Exception {
        try (SpeechModel model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 5);
                NDManager work = model.newWorkManager()) {
            PromptFactory factory = new PromptFactory(model);
            PromptConfig config = PromptConfig.builder(PromptMethod.ENC).optLength(1).optInputAdapterRank(2).build();
            PaddedBatch batch = PaddedBatch.of(work, PromptFixtures.utterances(3, 40, 52));
            Backbone.Embedded input = model.backbone().embed(model.store(), batch.features(), batch.lengths(), false);
            try (SoftPrompt fresh = factory.create(config, List.of())) {
                // counted apart from the one-position prompt underneath (2 x 32 x 2), which it wraps
                assertEquals(2L * 32 * 2, ((PromptAddOn) fresh).ownCount());
                assertEquals("input adapter", ((PromptAddOn) fresh).kind());
                assertEquals(PromptMethod.ENC, PromptAddOn.innermost(fresh).method());
                assertEquals(false, PromptAddOn.innermost(fresh) instanceof PromptAddOn);
                float[] delta = fresh.parts(input, false).inputDelta().toFloatArray();
                assertEquals(input.vectors().size(), delta.length);
                assertArrayEquals(new float[delta.length], delta, "B starts at zero: the base's own frames");
            }
            // A = the first two unit vectors, B = 2 x those: x + (x A) B doubles the first two dimensions
            int d = PromptFixtures.TINY.dModel();
            float[] a = new float[d * 2];
            a[0] = 1;
            a[3] = 1;
            float[] b = new float[2 * d];
            b[0] = 1;
            b[d + 1] = 1;
            try (SoftPrompt enc = factory.create(config, List.of())) {
                Map<String, Tensor> stored = new java.util.LinkedHashMap<>(enc.storedTensors());
                stored.put(InputAdapterPrompt.DOWN, new Tensor(a, d, 2));
                stored.put(InputAdapterPrompt.UP, new Tensor(b, 2, d));
                try (SoftPrompt served = factory.fromStored(config, stored)) {
                    float[] x = input.vectors().toFloatArray();
                    float[] delta = served.parts(input, false).inputDelta().toFloatArray();
                    for (int i = 0; i < x.length; i++) {
                        float expected = i % d < 2 ? x[i] : 0f;
                        assertEquals(expected, delta[i], 1e-5, "value " + i);
                    }
                }
                stored.put(InputAdapterPrompt.UP, new Tensor(b, d, 2));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> factory.fromStored(config, stored));
                assertEquals("'input_adapter.up' has shape [32, 2], the prompt config and the base need [2, 32]",
                        e.getMessage());
            }
        }
    }

    @Test
    void aRankOutsideTheRangeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PromptConfig.builder(PromptMethod.ENC).optInputAdapterRank(-1).build());
        assertEquals("the input adapter's rank must be between 0 (none) and 256, got -1", e.getMessage());
    }
}
