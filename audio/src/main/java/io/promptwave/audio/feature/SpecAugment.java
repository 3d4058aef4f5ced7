package io.promptwave.audio.feature;

import io.promptwave.features.FeatureSequence;
import java.util.SplittableRandom;

/**
 * SpecAugment's frequency and time masking (Park et al. 2019), seeded so a training run can be
 * replayed exactly. Masked values are set to the utterance's mean, which after CMVN is about
 * zero. Immutable and thread-safe; build with {@link #builder()}. The defaults are the paper's
 * LibriSpeech-basic policy: two frequency masks of up to 27 bins and two time masks of up to
 * 40 frames, each at most {@code maxTimeRatio} of the utterance.
 */
public final class SpecAugment {
    private final int freqMasks;
    private final int maxFreqWidth;
    private final int timeMasks;
    private final int maxTimeWidth;
    private final double maxTimeRatio;

    private SpecAugment(Builder b) {
        this.freqMasks = b.freqMasks;
        this.maxFreqWidth = b.maxFreqWidth;
        this.timeMasks = b.timeMasks;
        this.maxTimeWidth = b.maxTimeWidth;
        this.maxTimeRatio = b.maxTimeRatio;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param features the input (not modified)
     * @param seed the same seed gives the same masks
     * @return a masked copy
     */
    public FeatureSequence apply(FeatureSequence features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int frames = features.frames();
        int dims = features.dims();
        float[] data = features.toRowMajor();
        if (frames == 0) {
            return features;
        }
        double total = 0;
        for (float v : data) {
            total += v;
        }
        float fill = (float) (total / data.length);
        for (int m = 0; m < freqMasks; m++) {
            int width = random.nextInt(Math.min(maxFreqWidth, dims) + 1);
            int start = random.nextInt(dims - width + 1);
            for (int f = 0; f < frames; f++) {
                for (int d = start; d < start + width; d++) {
                    data[f * dims + d] = fill;
                }
            }
        }
        int timeLimit = (int) Math.min(maxTimeWidth, Math.floor(maxTimeRatio * frames));
        for (int m = 0; m < timeMasks; m++) {
            int width = random.nextInt(timeLimit + 1);
            int start = random.nextInt(frames - width + 1);
            for (int f = start; f < start + width; f++) {
                java.util.Arrays.fill(data, f * dims, (f + 1) * dims, fill);
            }
        }
        return FeatureSequence.wrap(data, frames, dims, features.frameRate(), features.source());
    }

    /** Builds {@link SpecAugment}. */
    public static final class Builder {
        private int freqMasks = 2;
        private int maxFreqWidth = 27;
        private int timeMasks = 2;
        private int maxTimeWidth = 40;
        private double maxTimeRatio = 1.0;

        private Builder() {
        }

        /** @param count frequency masks per utterance (default 2) @param maxWidth widest mask in bins (default 27) @return this */
        public Builder optFrequencyMasks(int count, int maxWidth) {
            if (count < 0 || maxWidth < 0) {
                throw new IllegalArgumentException("frequency masks need count and width >= 0");
            }
            this.freqMasks = count;
            this.maxFreqWidth = maxWidth;
            return this;
        }

        /** @param count time masks per utterance (default 2) @param maxWidth widest mask in frames (default 40) @return this */
        public Builder optTimeMasks(int count, int maxWidth) {
            if (count < 0 || maxWidth < 0) {
                throw new IllegalArgumentException("time masks need count and width >= 0");
            }
            this.timeMasks = count;
            this.maxTimeWidth = maxWidth;
            return this;
        }

        /** @param ratio a time mask covers at most this share of the frames (default 1.0) @return this */
        public Builder optMaxTimeRatio(double ratio) {
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new IllegalArgumentException("time ratio must be in [0, 1], got " + ratio);
            }
            this.maxTimeRatio = ratio;
            return this;
        }

        /** @return the augmenter */
        public SpecAugment build() {
            return new SpecAugment(this);
        }
    }
}
