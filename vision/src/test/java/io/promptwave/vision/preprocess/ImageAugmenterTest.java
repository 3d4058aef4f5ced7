package io.promptwave.vision.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.vision.Image;
import io.promptwave.vision.TestImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageAugmenterTest {
    private static final Image LINE = TestImages.toImage(TestImages.textLine("augment me 0123", 48), "line.png");

    @Test
    void theSameSeedGivesTheSamePixels() {
        ImageAugmenter heavy = new ImageAugmenter(AugmentationConfig.heavy());
        Image a = heavy.augment(LINE, 42);
        Image b = heavy.augment(LINE, 42);
        assertArrayEquals(a.pixels(), b.pixels());
        assertEquals(LINE.width(), a.width());
        assertEquals(LINE.height(), a.height());
        assertEquals(3, a.channels());
        long differentSeeds = java.util.stream.LongStream.range(0, 8)
                .mapToObj(seed -> Arrays.hashCode(heavy.augment(LINE, seed).pixels())).distinct().count();
        assertTrue(differentSeeds >= 7, differentSeeds + " distinct results from 8 seeds");
    }

    @Test
    void noAugmentationReturnsTheImage() {
        assertSame(LINE, new ImageAugmenter(AugmentationConfig.none()).augment(LINE, 7));
    }

    @Test
    void eachEffectChangesThePictureTheWayItShould() {
        double noise = meanAbsoluteDifference(only(new OneEffect().noise()), LINE);
        assertTrue(noise > 1, "noise changed pixels by " + noise + " on average");
        Image lowContrast = only(new OneEffect().contrast());
        assertTrue(range(lowContrast) < range(LINE), "contrast: range " + range(lowContrast) + " vs " + range(LINE));
        Image blurred = only(new OneEffect().blur());
        assertTrue(edgeEnergy(blurred) < edgeEnergy(LINE), "blur did not soften edges");
        Image turned = only(new OneEffect().rotation());
        assertFalse(Arrays.equals(turned.pixels(), LINE.pixels()));
        Image warped = only(new OneEffect().perspective());
        assertFalse(Arrays.equals(warped.pixels(), LINE.pixels()));
        Image compressed = only(new OneEffect().jpeg());
        double jpegChange = meanAbsoluteDifference(compressed, LINE);
        assertTrue(jpegChange > 0.2 && jpegChange < 30, "JPEG changed pixels by " + jpegChange);
    }

    @Test
    void refusesOutOfRangeSettings() {
        assertEquals("probability must be 0 to 1, got 1.5", assertThrows(IllegalArgumentException.class,
                () -> AugmentationConfig.none().toBuilder().blur(1.5, 1)).getMessage());
        assertEquals("rotation magnitude must be at most 45.0, got 90.0", assertThrows(IllegalArgumentException.class,
                () -> AugmentationConfig.none().toBuilder().rotation(1, 90)).getMessage());
    }

    /** Builds configurations with exactly one effect always on at a strong setting. */
    private static final class OneEffect {
        AugmentationConfig noise() {
            return AugmentationConfig.none().toBuilder().noise(1, 0.2).build();
        }

        AugmentationConfig contrast() {
            return AugmentationConfig.none().toBuilder().contrast(1, 0.9).build();
        }

        AugmentationConfig blur() {
            return AugmentationConfig.none().toBuilder().blur(1, 3).build();
        }

        AugmentationConfig rotation() {
            return AugmentationConfig.none().toBuilder().rotation(1, 5).build();
        }

        AugmentationConfig perspective() {
            return AugmentationConfig.none().toBuilder().perspective(1, 0.2).build();
        }

        AugmentationConfig jpeg() {
            return AugmentationConfig.none().toBuilder().jpeg(1, 90).build();
        }
    }

    private static Image only(AugmentationConfig config) {
        return new ImageAugmenter(config).augment(LINE, 3);
    }

    private static double meanAbsoluteDifference(Image a, Image b) {
        byte[] pa = a.pixels();
        byte[] pb = b.pixels();
        double sum = 0;
        for (int i = 0; i < pa.length; i++) {
            sum += Math.abs((pa[i] & 0xff) - (pb[i] & 0xff));
        }
        return sum / pa.length;
    }

    private static int range(Image image) {
        int min = 255;
        int max = 0;
        for (byte p : image.pixels()) {
            min = Math.min(min, p & 0xff);
            max = Math.max(max, p & 0xff);
        }
        return max - min;
    }

    private static double edgeEnergy(Image image) {
        Image gray = image.toGray();
        double sum = 0;
        for (int y = 0; y < gray.height(); y++) {
            for (int x = 1; x < gray.width(); x++) {
                int d = gray.get(x, y, 0) - gray.get(x - 1, y, 0);
                sum += d * d;
            }
        }
        return sum;
    }
}
