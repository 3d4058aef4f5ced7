package io.promptwave.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackboneConfigTest {

    @Test
    void theConfigSurvivesItsJsonForm() {
        BackboneConfig config = tiny(2.5f);
        assertEquals(config, BackboneConfig.fromConfig(config.toConfig()));
        assertEquals(2.5f, ((Number) config.toConfig().get("input_scale")).floatValue());
    }

    @Test
    void theInputScaleIsTheSquareRootOfTheWidthUnlessSaidOtherwise() {
        // the first shipped base was trained with sqrt(d_model) and its config.json has no input_scale
        Map<String, Object> old = new HashMap<>(BackboneTest.TINY.toConfig());
        old.remove("input_scale");
        assertEquals((float) Math.sqrt(32), BackboneConfig.fromConfig(old).inputScale());
        assertEquals(16f, BackboneConfig.builder().optDModel(256).build().inputScale());
    }

    @Test
    void aScaleThatIsNotPositiveIsRefusedByName() {
        assertEquals("inputScale must be positive, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> BackboneConfig.builder().optInputScale(0).build()).getMessage());
        Map<String, Object> bad = new HashMap<>(BackboneTest.TINY.toConfig());
        bad.put("input_scale", "loud");
        assertEquals("architecture field 'input_scale' is missing or not a number",
                assertThrows(IllegalArgumentException.class, () -> BackboneConfig.fromConfig(bad)).getMessage());
    }

    @Test
    void theEncoderInputIsTheScaledFrontEndPlusThePositions() throws EngineUnavailableException {
        // the same weights (same seed) at scales 1 and 3: their difference is twice the front-end's
        // output, and what remains once that is taken away is the sinusoidal table itself
        float[] one = embed(1f);
        float[] three = embed(3f);
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] positions = SinusoidalPositions.table(manager, 0, one.length / 32, 32).toFloatArray();
            for (int i = 0; i < one.length; i++) {
                float frontEnd = (three[i] - one[i]) / 2;
                assertEquals(positions[i], one[i] - frontEnd, 1e-4, "element " + i);
            }
        }
    }

    private static BackboneConfig tiny(float inputScale) {
        return BackboneConfig.builder().optDModel(32).optHeads(4).optEncoderLayers(2).optDecoderLayers(2)
                .optFeedForward(64).optFrontEndWidth(48).optDropout(0f).optInputScale(inputScale).build();
    }

    private static float[] embed(float scale) throws EngineUnavailableException {
        try (SpeechModel model = SpeechModel.create(tiny(scale),
                new Vocabulary(List.of("en"), 0), 7);
                NDManager work = model.newWorkManager()) {
            PaddedBatch batch = PaddedBatch.of(work, BackboneTest.randomUtterances(3, 40));
            return model.backbone().embed(model.store(), batch.features(), batch.lengths(), false).vectors()
                    .toFloatArray();
        }
    }
}
