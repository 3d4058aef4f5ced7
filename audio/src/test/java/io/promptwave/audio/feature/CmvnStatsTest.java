package io.promptwave.audio.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.features.FeatureSequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmvnStatsTest {
    @TempDir
    Path dir;

    // frames (1, 10), (3, 10), (5, 40): means 3 and 20, standard deviations sqrt(8/3) and sqrt(200)
    private static final FeatureSequence THREE_FRAMES =
            FeatureSequence.of(new float[] {1, 10, 3, 10, 5, 40}, 3, 2, 100, "three");

    @Test
    void meanAndStdAreComputedOverFrames() {
        CmvnStats stats = CmvnStats.of(THREE_FRAMES);
        assertEquals(3, stats.count());
        assertArrayEquals(new double[] {3, 20}, stats.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), Math.sqrt(200)}, stats.std(), 1e-12);
    }

    @Test
    void normalizeSubtractsMeanAndDividesByStd() {
        FeatureSequence normalized = CmvnStats.of(THREE_FRAMES).normalize(THREE_FRAMES, true);
        assertEquals(-2 / Math.sqrt(8.0 / 3), normalized.get(0, 0), 1e-6);
        assertEquals(20 / Math.sqrt(200), normalized.get(2, 1), 1e-6);
        FeatureSequence centred = CmvnStats.of(THREE_FRAMES).normalize(THREE_FRAMES, false);
        assertArrayEquals(new float[] {-2, -10, 0, -10, 2, 20}, centred.toRowMajor(), 1e-6f);
    }

    @Test
    void globalStatsAccumulateAcrossUtterancesAndSurviveJson() throws IOException {
        CmvnStats stats = new CmvnStats(2);
        stats.accumulate(FeatureSequence.of(new float[] {1, 10}, 1, 2, 100, "a"));
        stats.accumulate(FeatureSequence.of(new float[] {3, 10, 5, 40}, 2, 2, 100, "b"));
        Path file = dir.resolve("cmvn.json");
        stats.save(file);
        CmvnStats loaded = CmvnStats.load(file);
        assertEquals(3, loaded.count());
        assertArrayEquals(new double[] {3, 20}, loaded.mean(), 1e-12);
        assertArrayEquals(stats.std(), loaded.std(), 1e-12);
        assertTrue(Files.readString(file).contains("\"sum_squares\""));
    }

    @Test
    void badJsonIsRefusedWithTheFileName() throws IOException {
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{ this is not json");
        IOException e = assertThrows(IOException.class, () -> CmvnStats.load(notJson));
        assertTrue(e.getMessage().startsWith(notJson + ": not CMVN statistics JSON"), e.getMessage());
        Path mismatched = Files.writeString(dir.resolve("mismatch.json"),
                "{\"count\": 2, \"sum\": [1, 2], \"sum_squares\": [1]}");
        e = assertThrows(IOException.class, () -> CmvnStats.load(mismatched));
        assertEquals(mismatched + ": sum has 2 dimensions but sum_squares has 1", e.getMessage());
    }

    @Test
    void dimensionMismatchIsRefused() {
        CmvnStats stats = CmvnStats.of(THREE_FRAMES);
        FeatureSequence other = FeatureSequence.of(new float[3], 1, 3, 100, "other.wav");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stats.normalize(other, true));
        assertEquals("other.wav: features have 3 dimensions but the CMVN statistics have 2", e.getMessage());
    }
}
