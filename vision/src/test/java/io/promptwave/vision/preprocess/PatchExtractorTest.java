package io.promptwave.vision.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promptwave.features.FeatureSequence;
import io.promptwave.vision.Image;
import org.junit.jupiter.api.Test;

class PatchExtractorTest {
    /** 5 x 2 gray: top row 0, 10, 20, 30, 40; bottom row 50, 60, 70, 80, 90. */
    private static final Image FIVE_BY_TWO = Image.of(new byte[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90}, 5, 2, 1,
            "five-by-two");

    @Test
    void columnStripsReadLeftToRightAndRepeatTheRightEdge() {
        PatchExtractor strips = PatchExtractor.columns(2, 2, PixelNormalization.of(new float[] {0}, new float[] {1 / 255f}));
        FeatureSequence seq = strips.extract(FIVE_BY_TWO);
        assertEquals(3, seq.frames());
        assertEquals(4, seq.dims());
        assertEquals(0.5, seq.frameRate());
        assertEquals("five-by-two", seq.source());
        // column by column, top to bottom within a column
        assertArrayEquals(new float[] {0, 50, 10, 60}, seq.frame(0), 1e-4f);
        assertArrayEquals(new float[] {20, 70, 30, 80}, seq.frame(1), 1e-4f);
        assertArrayEquals(new float[] {40, 90, 40, 90}, seq.frame(2), 1e-4f);
    }

    @Test
    void overlappingStripsAndANarrowImage() {
        PatchExtractor overlapping = PatchExtractor.columns(3, 1, PixelNormalization.unit());
        assertEquals(3, overlapping.extract(FIVE_BY_TWO).frames());
        FeatureSequence narrow = PatchExtractor.columns(8, 4, PixelNormalization.unit()).extract(FIVE_BY_TWO);
        assertEquals(1, narrow.frames());
        assertEquals(90 / 255f, narrow.get(0, 2 * 7 + 1), 1e-6f); // column 7 repeats column 4
    }

    @Test
    void squareTilesInReadingOrderWithChannelsInnermost() {
        // 3 x 3 RGB where pixel (x, y) holds (x, y, 100)
        byte[] pixels = new byte[27];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                int at = (y * 3 + x) * 3;
                pixels[at] = (byte) x;
                pixels[at + 1] = (byte) y;
                pixels[at + 2] = 100;
            }
        }
        Image image = Image.of(pixels, 3, 3, 3, "coords");
        FeatureSequence tiles = PatchExtractor.squares(2, PixelNormalization.of(new float[] {0}, new float[] {1 / 255f}))
                .extract(image);
        assertEquals(4, tiles.frames());
        assertEquals(12, tiles.dims());
        assertEquals(1.0, tiles.frameRate());
        assertArrayEquals(new float[] {0, 0, 100, 0, 1, 100, 1, 0, 100, 1, 1, 100}, tiles.frame(0), 1e-4f);
        // the second tile (top right) starts at x = 2 and repeats it for x = 3
        assertArrayEquals(new float[] {2, 0, 100, 2, 1, 100, 2, 0, 100, 2, 1, 100}, tiles.frame(1), 1e-4f);
        // the last tile (bottom right) is pixel (2, 2) four times
        assertArrayEquals(new float[] {2, 2, 100, 2, 2, 100, 2, 2, 100, 2, 2, 100}, tiles.frame(3), 1e-4f);
    }

    @Test
    void normalisationMapsTheEnds() {
        assertEquals(-1f, PixelNormalization.centred().apply(0, 0));
        assertEquals(1f, PixelNormalization.centred().apply(255, 2));
        assertEquals(1f, PixelNormalization.unit().apply(255, 0));
        PixelNormalization perChannel = PixelNormalization.of(new float[] {0.5f, 0, 0}, new float[] {0.5f, 1, 1});
        assertEquals(0f, perChannel.apply(0, 1));
        assertEquals("normalisation has 3 channels, asked for channel 3",
                assertThrows(IllegalArgumentException.class, () -> perChannel.apply(0, 3)).getMessage());
        assertEquals("standard deviations must be positive, got [0.0]", assertThrows(IllegalArgumentException.class,
                () -> PixelNormalization.of(new float[] {0}, new float[] {0})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PatchExtractor.columns(0, 1, PixelNormalization.unit()));
    }
}
