package io.promptwave.core.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.promptwave.core.PromptFixtures;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import io.promptwave.features.FeatureSequence;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each way of choosing a prompt's starting vectors gives the vectors it promises. */
class PromptInitializerTest {
    private static final int D = PromptFixtures.TINY.dModel();
    private static SpeechModel model;
    private static float[] table;

    @BeforeAll
    static void tinyModel() throws Exception {
        model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en", "it"), 0), 11);
        try (NDManager work = model.newWorkManager()) {
            table = model.backbone().embedding().table(model.store(), work.create(0f), false).toFloatArray();
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The token's embedding times sqrt(D), as the decoder scales what it reads. */
    private static float[] scaled(int token) {
        float[] out = new float[D];
        for (int j = 0; j < D; j++) {
            out[j] = table[token * D + j] * (float) Math.sqrt(D);
        }
        return out;
    }

    private static float[] row(Tensor t, int i) {
        return Arrays.copyOfRange(t.values(), i * D, (i + 1) * D);
    }

    @Test
    void vocabularyVectorsAreScaledEmbeddingsOfByteTokensDrawnBySeed() {
        PromptInitializer init = new PromptInitializer(model);
        Tensor a = init.fromVocabulary(6, 42);
        assertArrayEquals(new long[] {6, D}, a.shape());
        int firstByte = model.vocabulary().encode("\0")[0];
        Set<Integer> tokens = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            int found = -1;
            for (int token = firstByte; token < firstByte + 256; token++) {
                if (Arrays.equals(scaled(token), row(a, i))) {
                    found = token;
                }
            }
            assertTrue(found >= 0, "row " + i + " is no byte token's scaled embedding");
            tokens.add(found);
        }
        assertTrue(tokens.size() > 1, "six draws gave one token");
        assertEquals(a, init.fromVocabulary(6, 42), "the same seed draws the same tokens");
        assertFalse(a.equals(init.fromVocabulary(6, 43)), "another seed draws other tokens");
    }

    @Test
    void textVectorsFollowTheTextsTokensAndRepeatThem() {
        PromptInitializer init = new PromptInitializer(model);
        Tensor t = init.fromText(5, "<it> ab");
        int it = model.vocabulary().language("it");
        int a = model.vocabulary().encode("a")[0];
        int b = model.vocabulary().encode("b")[0];
        int space = model.vocabulary().encode(" ")[0];
        int[] expected = {it, space, a, b, it};
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(scaled(expected[i]), row(t, i), "vector " + i);
        }
        assertArrayEquals(scaled(Vocabulary.ASR), row(init.fromText(1, "<asr>"), 0));

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> init.fromText(2, "<fr> x"));
        assertEquals("initialisation text names <fr>, which is neither a special token " + Vocabulary.SPECIALS
                + " nor a language of the base [en, it]", unknown.getMessage());
        assertEquals("initialisation from text needs some text",
                assertThrows(IllegalArgumentException.class, () -> init.fromText(2, "  ")).getMessage());
    }

    @Test
    void audioVectorsAverageTheEncodersInputOverEqualRunsOfTheSamplesFrames() {
        PromptInitializer init = new PromptInitializer(model);
        List<FeatureSequence> samples = PromptFixtures.utterances(9, 64, 40);
        // the encoder's input for each sample, frame by frame, as the backbone computes it
        List<float[]> frames = new java.util.ArrayList<>();
        try (NDManager work = model.newWorkManager()) {
            for (FeatureSequence s : samples) {
                PaddedBatch batch = PaddedBatch.of(work, List.of(s));
                Backbone.Embedded e = model.backbone().embed(model.store(), batch.features(), batch.lengths(), false);
                float[] v = e.vectors().toFloatArray();
                for (int t = 0; t < e.frameLengths()[0]; t++) {
                    frames.add(Arrays.copyOfRange(v, t * D, (t + 1) * D));
                }
            }
        }
        float[] mean = new float[D];
        for (float[] f : frames) {
            for (int j = 0; j < D; j++) {
                mean[j] += f[j] / frames.size();
            }
        }
        assertArrayEquals(mean, row(init.fromAudio(1, samples), 0), 1e-4f, "one vector: the mean of every frame");

        Tensor each = init.fromAudio(frames.size(), samples);
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), row(each, i), 1e-5f, "as many vectors as frames: frame " + i);
        }
        Tensor halves = init.fromAudio(2, samples);
        int half = frames.size() / 2;
        float[] first = new float[D];
        for (int t = 0; t < half; t++) {
            for (int j = 0; j < D; j++) {
                first[j] += frames.get(t)[j] / half;
            }
        }
        assertArrayEquals(first, row(halves, 0), 1e-4f, "two vectors: the first half's mean");

        assertEquals("initialisation from audio needs sample utterances",
                assertThrows(IllegalArgumentException.class, () -> init.fromAudio(2, List.of())).getMessage());
    }

    @Test
    void randomVectorsHaveTheSpreadOfTheScaledEmbeddings() {
        double squares = 0;
        for (float v : table) {
            squares += v * v;
        }
        double expected = Math.sqrt(squares / table.length) * Math.sqrt(D);
        Tensor r = new PromptInitializer(model).random(200, 5);
        double sum = 0;
        double sumSquares = 0;
        for (float v : r.values()) {
            sum += v;
            sumSquares += v * v;
        }
        int n = r.values().length;
        double std = Math.sqrt(sumSquares / n - (sum / n) * (sum / n));
        assertEquals(expected, std, 0.03 * expected);
        assertEquals(0, sum / n, 0.05 * expected);
        assertEquals(r, new PromptInitializer(model).random(200, 5));
    }
}
