package io.promptwave.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.promptwave.core.artifact.DType;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import io.promptwave.features.FeatureSequence;
import io.promptwave.vision.preprocess.LineFeatureExtractor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFrontEndTest {
    private static final LineFeatureExtractor LINES = new LineFeatureExtractor(16, 2, 0);

    @Test
    void addingTheImageFrontEndLeavesTheSpeechModelAsItWas() throws Exception {
        try (SpeechModel speech = SpeechModel.create(BackboneTest.TINY, new Vocabulary(List.of("en"), 0), 7);
                SpeechModel both = speech.withImageFrontEnd(LINES.dims(), 24, 3)) {
            assertFalse(speech.backbone().config().hasImageFrontEnd());
            assertEquals(32, both.backbone().config().imageDims());
            Map<String, ?> before = speech.parameters();
            // every speech weight keeps its name and value; only the image front-end's are new
            for (String name : before.keySet()) {
                assertArrayEquals(speech.weights().get(name).values(), both.weights().get(name).values(), name);
            }
            assertEquals(4, both.parameters().size() - before.size());
            assertTrue(both.parameters().keySet().stream().filter(n -> !before.containsKey(n))
                    .allMatch(n -> n.contains("image_front_end")));
            assertArrayEquals(embedded(speech, audio()), embedded(both, audio()), 0f);
            assertNotEquals(speech.fingerprint(), both.fingerprint());
            assertEquals("this model already reads images (32 values per patch column)",
                    assertThrows(IllegalStateException.class, () -> both.withImageFrontEnd(32, 24, 1)).getMessage());
        }
    }

    @Test
    void eachBatchGoesToTheFrontEndOfItsFeatureSize() throws Exception {
        try (SpeechModel speech = SpeechModel.create(BackboneTest.TINY, new Vocabulary(List.of("en"), 0), 7);
                SpeechModel both = speech.withImageFrontEnd(LINES.dims(), 24, 3)) {
            FeatureSequence line = FeatureSequence.of(new float[50 * 32], 50, 32, 0.5, "line");
            // no subsampling: one encoder frame per patch column
            float[] vectors = embedded(both, List.of(line));
            assertEquals(50 * 32, vectors.length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> embedded(speech, List.of(line)));
            assertEquals("features of 32 values per frame fit no front-end of this model (audio reads 80; it reads no "
                    + "images)", e.getMessage());
        }
    }

    @Test
    void theConfigRejectsAnAmbiguousImageSize() {
        assertEquals("imageDims must differ from featureDims (80): the feature size of a batch says which front-end"
                + " reads it", assertThrows(IllegalArgumentException.class,
                        () -> BackboneTest.TINY.withImageFrontEnd(80, 24)).getMessage());
        assertEquals(BackboneTest.TINY.withImageFrontEnd(32, 24),
                BackboneConfig.fromConfig(BackboneTest.TINY.withImageFrontEnd(32, 24).toConfig()));
        assertFalse(BackboneTest.TINY.toConfig().containsKey("image_dims"));
    }

    @Test
    void theModelDirectoryKeepsTheImageSettings(@TempDir Path dir) throws Exception {
        try (SpeechModel speech = SpeechModel.create(BackboneTest.TINY, new Vocabulary(List.of("en"), 0), 7);
                SpeechModel both = speech.withImageFrontEnd(LINES.dims(), 24, 3)) {
            ModelDirectory.save(both, dir.resolve("both"), Map.of("kind", "fbank", "dims", 80), LINES, Map.of(),
                    DType.F32);
            assertEquals(LINES.toConfig(), ModelDirectory.imageFeatures(dir.resolve("both")).toConfig());
            try (SpeechModel loaded = ModelDirectory.load(dir.resolve("both"))) {
                assertEquals(both.fingerprint(), loaded.fingerprint());
            }
            ModelDirectory.save(speech, dir.resolve("speech"), Map.of("kind", "fbank", "dims", 80), Map.of(), DType.F32);
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> ModelDirectory.imageFeatures(dir.resolve("speech")));
            assertEquals(dir.resolve("speech") + ": this model reads no images (it has no image front-end; pretrain "
                    + "--image-train adds one)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ModelDirectory.save(both, dir.resolve("x"),
                    Map.of("kind", "fbank"), new LineFeatureExtractor(32, 4, 0), Map.of(), DType.F32));
        }
    }

    private static List<FeatureSequence> audio() {
        return BackboneTest.randomUtterances(5, 70, 41);
    }

    private static float[] embedded(SpeechModel model, List<FeatureSequence> input) {
        try (NDManager work = model.newWorkManager()) {
            PaddedBatch batch = PaddedBatch.of(work, input);
            return model.backbone().encode(model.store(), batch.features(), batch.lengths(), PromptHooks.NONE, false)
                    .hidden().toFloatArray();
        }
    }
}
