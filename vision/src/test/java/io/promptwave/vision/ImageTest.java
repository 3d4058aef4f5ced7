package io.promptwave.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ImageTest {
    /** 3 x 2 gray: row 0 is 1 2 3, row 1 is 4 5 6. */
    private static final Image SIX = Image.of(new byte[] {1, 2, 3, 4, 5, 6}, 3, 2, 1, "six");

    @Test
    void quarterTurnsMoveEveryPixelWhereAViewerWouldSeeIt() {
        Image clockwise = SIX.turnedClockwise(1);
        assertEquals(2, clockwise.width());
        assertEquals(3, clockwise.height());
        // the left column (1, 4) becomes the top row, read from the bottom up: 4 1
        assertArrayEquals(new byte[] {4, 1, 5, 2, 6, 3}, clockwise.pixels());
        assertArrayEquals(new byte[] {6, 5, 4, 3, 2, 1}, SIX.turnedClockwise(2).pixels());
        assertArrayEquals(new byte[] {3, 6, 2, 5, 1, 4}, SIX.turnedClockwise(3).pixels());
        assertArrayEquals(SIX.turnedClockwise(3).pixels(), SIX.turnedClockwise(-1).pixels());
        assertArrayEquals(SIX.pixels(), clockwise.turnedClockwise(3).pixels());
        assertSame(SIX, SIX.turnedClockwise(4));
        assertEquals("six", clockwise.source());
    }

    @Test
    void colourPixelsTurnWithAllTheirChannels() {
        Image two = Image.of(new byte[] {10, 11, 12, 20, 21, 22}, 2, 1, 3, "pair");
        Image turned = two.turnedClockwise(1);
        assertEquals(1, turned.width());
        assertEquals(2, turned.height());
        assertArrayEquals(new byte[] {10, 11, 12, 20, 21, 22}, turned.pixels());
        assertArrayEquals(new byte[] {20, 21, 22, 10, 11, 12}, two.turnedClockwise(2).pixels());
    }
}
