package io.promptwave.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.artifact.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitModelTest {
    @TempDir
    Path dir;

    /** Four well-separated 2-D blobs around (0,0), (10,0), (0,10), (10,10). */
    private static float[][] blobs(int perBlob, long seed) {
        Random r = new Random(seed);
        float[][] points = new float[perBlob * 4][];
        for (int i = 0; i < points.length; i++) {
            int blob = i % 4;
            points[i] = new float[] {(float) (10 * (blob % 2) + 0.5 * r.nextGaussian()),
                (float) (10 * (blob / 2) + 0.5 * r.nextGaussian())};
        }
        return points;
    }

    @Test
    void kMeansFindsSeparatedBlobsWhateverTheThreadCount() {
        float[][] points = blobs(200, 1);
        KMeans one = KMeans.fit(points, 4, 50, 7, 1);
        KMeans two = KMeans.fit(points, 4, 50, 7, 2);
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(one.centroid(c), two.centroid(c), 0f, "deterministic across threads");
            float[] centre = one.centroid(c);
            assertTrue(Math.abs(centre[0] - Math.round(centre[0] / 10) * 10) < 0.2
                    && Math.abs(centre[1] - Math.round(centre[1] / 10) * 10) < 0.2, java.util.Arrays.toString(centre));
        }
        assertTrue(one.inertia(points) / points.length < 0.6, "points sit near their centres");
        assertTrue(one.nearest(new float[] {9, 9}) == one.nearest(new float[] {10.5f, 10.2f}));
    }

    @Test
    void bpeMergesTheMostFrequentPairsFirst() {
        // "0 1" occurs 4 times, then "(0 1) 2" 3 times
        List<int[]> strings = List.of(new int[] {0, 1, 2}, new int[] {0, 1, 2, 3}, new int[] {0, 1, 2}, new int[] {3, 0, 1});
        UnitBpe bpe = UnitBpe.learn(strings, 4, 6);
        assertArrayEquals(new int[][] {{0, 1}, {4, 2}}, bpe.merges());
        assertArrayEquals(new int[] {5, 3}, bpe.encode(new int[] {0, 1, 2, 3}));
        assertArrayEquals(new int[] {3, 4}, bpe.encode(new int[] {3, 0, 1}));
        assertArrayEquals(new int[] {0, 1, 2}, bpe.expand(5));
        // no pair left that occurs twice: learning stops below the target size
        assertEquals(6, UnitBpe.learn(strings, 4, 100).vocabularySize());
    }

    @Test
    void unitModelEncodesSavesAndLoads() throws IOException, ModelFormatException {
        List<FeatureSequence> utterances = new ArrayList<>();
        float[][] points = blobs(60, 3);
        for (int u = 0; u < 6; u++) {
            // each utterance walks the blobs 0,0,1,1,2,2,3,3,... so repeats merge and pairs recur
            float[] data = new float[40 * 2];
            for (int f = 0; f < 40; f++) {
                float[] p = points[(u * 40 + f / 2 * 4 + (f / 2) % 4) % points.length];
                int blob = (f / 2) % 4;
                data[2 * f] = 10 * (blob % 2) + p[0] % 1;
                data[2 * f + 1] = 10 * (blob / 2) + p[1] % 1;
            }
            utterances.add(FeatureSequence.of(data, 40, 2, 100, "u" + u));
        }
        UnitModel model = UnitModel.fit(utterances, 4, 8, 1000, 30, 11, 2, "test 2-d");
        int[] units = model.units(utterances.get(0));
        assertEquals(20, units.length, "40 frames, each blob twice in a row: 20 units after merging repeats");
        int[] pseudo = model.encode(utterances.get(0));
        assertTrue(pseudo.length < units.length, "BPE shortens the string");
        model.save(dir);
        UnitModel loaded = UnitModel.load(dir);
        assertArrayEquals(pseudo, loaded.encode(utterances.get(0)));
        assertEquals(model.vocabularySize(), loaded.vocabularySize());
        assertEquals("test 2-d", loaded.features());
    }

    @Test
    void brokenUnitModelsAreNamed() throws IOException {
        assertTrue(assertThrows(ModelFormatException.class, () -> UnitModel.load(dir)).getMessage()
                .endsWith(": no unit model (needs units.json and units.safetensors)"));
        new UnitModel(new KMeans(new float[][] {{0f}, {1f}}), new UnitBpe(2, new int[][] {{0, 1}}), "f", 1, 2).save(dir);
        Files.writeString(dir.resolve("units.json"), Files.readString(dir.resolve("units.json"))
                .replace("\"vocabulary_size\": 3", "\"vocabulary_size\": 9"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> UnitModel.load(dir));
        assertEquals(dir.resolve("units.json") + ": 1 merges over 2 units make 3 symbols, not the stated 9", e.getMessage());
    }
}
