package io.promptwave.audio.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.features.FeatureSequence;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpecAugmentTest {
    /** 200 frames x 80 dims, value = 1 + frame * 80 + dim: every cell distinct and non-zero. */
    private static final FeatureSequence RAMP = ramp();

    @Test
    void sameSeedSameMasksOtherSeedOtherMasks() {
        SpecAugment augment = SpecAugment.builder().build();
        assertArrayEquals(augment.apply(RAMP, 42).toRowMajor(), augment.apply(RAMP, 42).toRowMajor());
        assertFalse(Arrays.equals(augment.apply(RAMP, 42).toRowMajor(), augment.apply(RAMP, 43).toRowMajor()));
    }

    @Test
    void masksAreWholeBandsAndSpansWithinTheirLimits() {
        SpecAugment augment = SpecAugment.builder().optFrequencyMasks(1, 10).optTimeMasks(0, 0).build();
        for (long seed = 0; seed < 50; seed++) {
            FeatureSequence out = augment.apply(RAMP, seed);
            int maskedDims = 0;
            for (int d = 0; d < 80; d++) {
                boolean masked = out.get(0, d) != RAMP.get(0, d);
                for (int f = 0; f < 200; f++) {
                    assertEquals(masked, out.get(f, d) != RAMP.get(f, d), "a frequency mask covers every frame");
                }
                maskedDims += masked ? 1 : 0;
            }
            assertTrue(maskedDims <= 10, maskedDims + " bins masked");
        }
        SpecAugment time = SpecAugment.builder().optFrequencyMasks(0, 0).optTimeMasks(2, 30).build();
        for (long seed = 0; seed < 50; seed++) {
            FeatureSequence out = time.apply(RAMP, seed);
            int maskedFrames = 0;
            for (int f = 0; f < 200; f++) {
                maskedFrames += out.get(f, 5) != RAMP.get(f, 5) ? 1 : 0;
            }
            assertTrue(maskedFrames <= 60, maskedFrames + " frames masked");
        }
    }

    @Test
    void maskedValuesAreTheUtteranceMean() {
        FeatureSequence out = SpecAugment.builder().optFrequencyMasks(0, 0).optTimeMasks(1, 40).build().apply(RAMP, 9);
        double mean = (1 + 200 * 80) / 2.0;
        boolean sawMask = false;
        for (int f = 0; f < 200; f++) {
            if (out.get(f, 0) != RAMP.get(f, 0)) {
                assertEquals(mean, out.get(f, 0), 0.01);
                sawMask = true;
            }
        }
        assertTrue(sawMask, "seed 9 masks at least one frame");
    }

    @Test
    void inputIsNotModified() {
        float[] before = RAMP.toRowMajor();
        SpecAugment.builder().build().apply(RAMP, 1);
        assertArrayEquals(before, RAMP.toRowMajor());
    }

    private static FeatureSequence ramp() {
        float[] data = new float[200 * 80];
        for (int i = 0; i < data.length; i++) {
            data[i] = 1 + i;
        }
        return FeatureSequence.of(data, 200, 80, 100, "ramp");
    }
}
