package io.promptwave.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FeatureSequenceTest {
    @Test
    void holdsACopyOfItsValuesRowByRow() {
        float[] values = {1, 2, 3, 4, 5, 6};
        FeatureSequence seq = FeatureSequence.of(values, 3, 2, 100, "three-frames");
        values[0] = 99;
        assertEquals(1f, seq.get(0, 0));
        assertEquals(6f, seq.get(2, 1));
        assertArrayEquals(new float[] {3, 4}, seq.frame(1));
        assertEquals("FeatureSequence[three-frames, 3 x 2 at 100.0 Hz]", seq.toString());
    }

    @Test
    void refusesAShapeItsValuesDoNotFill() {
        assertEquals("data holds 5 values, shape [3, 2] needs 6", assertThrows(IllegalArgumentException.class,
                () -> FeatureSequence.of(new float[5], 3, 2, 100, "x")).getMessage());
        assertEquals("frame rate must be positive, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> FeatureSequence.of(new float[6], 3, 2, 0, "x")).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> FeatureSequence.of(new float[6], 3, 2, 1, "x").get(3, 0));
    }
}
