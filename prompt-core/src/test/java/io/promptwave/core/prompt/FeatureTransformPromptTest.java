package io.promptwave.core.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import io.promptwave.core.PromptFixtures;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import io.promptwave.features.FeatureSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feature transform: f + f M + s on valid frames, zero at the start, per row in a batch. */
class FeatureTransformPromptTest {
    private static final int F = 80;

    /** M = 2 I on the first bin only, s = 0.5 on every bin: bin 0 triples (+0.5), the others gain 0.5. */
    private static Map<String, Tensor> known(SoftPrompt fresh) {
        float[] m = new float[F * F];
        m[0] = 2f;
        float[] s = new float[F];
        Arrays.fill(s, 0.5f);
        Map<String, Tensor> stored = new LinkedHashMap<>(fresh.storedTensors());
        stored.put(FeatureTransformPrompt.MATRIX, new Tensor(m, F, F));
        stored.put(FeatureTransformPrompt.SHIFT, new Tensor(s, F));
        return stored;
    }

    @Test
    void validFramesBecomeFPlusFMPlusSAndPaddingStaysZero() throws Exception {
        try (SpeechModel model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 5);
                NDManager work = model.newWorkManager()) {
            PromptFactory factory = new PromptFactory(model);
            PromptConfig config = PromptConfig.builder(PromptMethod.ENC).optLength(1).optFeatureTransformDims(F).build();
            List<FeatureSequence> rows = PromptFixtures.utterances(3, 40, 52);
            PaddedBatch batch = PaddedBatch.of(work, rows);
            float[] plain = batch.features().toFloatArray();
            try (SoftPrompt fresh = factory.create(config, List.of());
                    SoftPrompt served = factory.fromStored(config, known(fresh))) {
                assertEquals((long) F * F + F, ((PromptAddOn) fresh).ownCount());
                assertEquals("feature transform", ((PromptAddOn) fresh).kind());
                assertEquals(PromptMethod.ENC, PromptAddOn.innermost(fresh).method());
                assertSame(fresh, PromptAddOn.find(fresh, FeatureTransformPrompt.class));
                assertEquals(null, PromptAddOn.find(fresh, InputAdapterPrompt.class));
                assertArrayEquals(plain, FeatureTransformPrompt.transformed(batch, List.of(fresh, fresh)).toFloatArray(),
                        "M and s start at zero: the base's own features");

                // row 0 (40 frames, padded to 52) with the known transform, row 1 without; what the batch
                // computes stays in the batch's manager, none of it in the prompt's
                BaseNDManager own = (BaseNDManager) ((PromptAddOn) served).own().manager();
                int before = own.getManagedArrays().size();
                float[] out = FeatureTransformPrompt.transformed(batch, Arrays.asList(served, null)).toFloatArray();
                assertEquals(before, own.getManagedArrays().size(), "arrays left in the prompt's manager");
                for (int t = 0; t < 52; t++) {
                    for (int f = 0; f < F; f++) {
                        int i = t * F + f;
                        float expected = t >= 40 ? 0f : f == 0 ? 3 * plain[i] + 0.5f : plain[i] + 0.5f;
                        assertEquals(expected, out[i], 1e-5, "row 0, frame " + t + ", bin " + f);
                        int j = 52 * F + i;
                        assertEquals(plain[j], out[j], 0f, "row 1 has no transform: frame " + t + ", bin " + f);
                    }
                }
                // the shared path (every row the same transform) computes the same as the per-row one
                float[] shared = FeatureTransformPrompt.transformed(batch, List.of(served, served)).toFloatArray();
                float[] perRow = FeatureTransformPrompt.transformed(batch, Arrays.asList(served, fresh)).toFloatArray();
                assertArrayEquals(Arrays.copyOf(shared, 52 * F), Arrays.copyOf(perRow, 52 * F), 1e-5f);
            }
        }
    }

    @Test
    void aTransformForAnotherFrameSizeIsRefusedByName() throws Exception {
        try (SpeechModel model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 5);
                SpeechModel reading = model.withImageFrontEnd(32, 24, 3);
                NDManager work = reading.newWorkManager()) {
            PromptFactory factory = new PromptFactory(model);
            PromptConfig stray = PromptConfig.builder(PromptMethod.ENC).optLength(1).optFeatureTransformDims(40).build();
            assertEquals("a feature transform over frames of 40 values never applies: the base reads 80 per audio frame",
                    assertThrows(IllegalArgumentException.class, () -> factory.create(stray, List.of())).getMessage());
            assertEquals("a feature transform over frames of 40 values never applies: the base reads 80 per audio frame"
                    + " and 32 per image column", assertThrows(IllegalArgumentException.class,
                            () -> new PromptFactory(reading).create(stray, List.of())).getMessage());

            // an audio prompt's transform on an image row
            PromptConfig audio = PromptConfig.builder(PromptMethod.ENC).optLength(1).optFeatureTransformDims(F).build();
            try (SoftPrompt prompt = new PromptFactory(reading).create(audio, List.of())) {
                PaddedBatch lines = PaddedBatch.of(work, List.of(FeatureSequence.of(new float[10 * 32], 10, 32, 0.5, "line")));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> FeatureTransformPrompt.transformed(lines, List.of(prompt)));
                assertEquals("row 0's prompt transforms frames of 80 values, but its input has 32 per frame (a prompt"
                        + " trained on another modality or feature size)", e.getMessage());

                Map<String, Tensor> stored = new LinkedHashMap<>(prompt.storedTensors());
                stored.put(FeatureTransformPrompt.SHIFT, new Tensor(new float[32], 32));
                assertEquals("'feature_transform.shift' has shape [32], the prompt config and the base need [80]",
                        assertThrows(IllegalArgumentException.class,
                                () -> new PromptFactory(reading).fromStored(audio, stored)).getMessage());
            }
        }
    }

    @Test
    void theConfigRecordsTheFrameSize() {
        PromptConfig config = PromptConfig.builder(PromptMethod.DEEP).optLength(8).optInputAdapterRank(16)
                .optFeatureTransformDims(F).build();
        assertEquals(F, config.toConfig().get("feature_transform_dims"));
        assertEquals(config, PromptConfig.fromConfig(config.toConfig()));
        PromptConfig none = PromptConfig.builder(PromptMethod.DEEP).optLength(8).build();
        assertEquals(false, none.toConfig().containsKey("feature_transform_dims"));
        PromptConfig adapterOnly = PromptConfig.builder(PromptMethod.DEEP).optLength(8).optInputAdapterRank(16).build();
        assertEquals(config, adapterOnly.withFeatureTransformDims(F), "adapt sets the size from its training data");
        assertEquals("a feature transform reads between 1 and 4096 feature values per frame (0: none), got -2",
                assertThrows(IllegalArgumentException.class, () -> none.withFeatureTransformDims(-2)).getMessage());
    }

    /** Rows of different feature sizes never share a padded batch; a list of prompts matches its rows. */
    @Test
    void aPromptListOfTheWrongLengthIsRefused() throws Exception {
        try (SpeechModel model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 5);
                NDManager work = model.newWorkManager()) {
            PaddedBatch batch = PaddedBatch.of(work, PromptFixtures.utterances(3, 40, 52));
            List<SoftPrompt> one = new ArrayList<>();
            one.add(null);
            assertEquals("a batch of 2 rows needs as many row prompts (null for none), got 1",
                    assertThrows(IllegalArgumentException.class,
                    () -> FeatureTransformPrompt.transformed(batch, one)).getMessage());
        }
    }
}
