package io.promptwave.vision.preprocess;

import java.util.Arrays;

/**
 * How 8-bit pixels become model inputs: {@code (value / 255 - mean[c]) / std[c]} per channel.
 * Immutable.
 */
public final class PixelNormalization {
    private final float[] mean;
    private final float[] std;

    private PixelNormalization(float[] mean, float[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("need one mean and one std per channel, got " + mean.length + " and "
                    + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("standard deviations must be positive, got " + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** @return values from -1 (black) to 1 (white), any number of channels */
    public static PixelNormalization centred() {
        return new PixelNormalization(new float[] {0.5f}, new float[] {0.5f});
    }

    /** @return values from 0 (black) to 1 (white), any number of channels */
    public static PixelNormalization unit() {
        return new PixelNormalization(new float[] {0f}, new float[] {1f});
    }

    /**
     * @param mean per channel, on the 0-1 scale (one value applies to every channel)
     * @param std per channel, positive
     * @return the normalisation
     */
    public static PixelNormalization of(float[] mean, float[] std) {
        return new PixelNormalization(mean, std);
    }

    /** @return the normalised value of an 8-bit {@code value} in {@code channel} */
    public float apply(int value, int channel) {
        int c = mean.length == 1 ? 0 : channel;
        if (c >= mean.length) {
            throw new IllegalArgumentException("normalisation has " + mean.length + " channels, asked for channel "
                    + channel);
        }
        return (value / 255f - mean[c]) / std[c];
    }

    @Override
    public String toString() {
        return "PixelNormalization[mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + "]";
    }
}
