package io.promptwave.audio.feature;

/**
 * How audio is cut into frames and prepared for the FFT: Kaldi's frame options. Immutable; build
 * with {@link #builder()}. The defaults are Kaldi's, except that there is no dither (features are
 * deterministic).
 */
public final class FrameConfig {
    private final int sampleRate;
    private final double frameLengthMs;
    private final double frameShiftMs;
    private final double preemphasis;
    private final boolean removeDcOffset;
    private final WindowType window;
    private final double inputScale;

    private FrameConfig(Builder b) {
        this.sampleRate = b.sampleRate;
        this.frameLengthMs = b.frameLengthMs;
        this.frameShiftMs = b.frameShiftMs;
        this.preemphasis = b.preemphasis;
        this.removeDcOffset = b.removeDcOffset;
        this.window = b.window;
        this.inputScale = b.inputScale;
        if (frameLength() < 2 || frameShift() < 1) {
            throw new IllegalArgumentException("frames of " + frameLength() + " samples every " + frameShift()
                    + " samples are too short at " + sampleRate + " Hz");
        }
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return Kaldi's defaults at 16 kHz */
    public static FrameConfig defaults() {
        return builder().build();
    }

    /** @return the sample rate the audio must have */
    public int sampleRate() {
        return sampleRate;
    }

    /** @return samples per frame (400 at 16 kHz) */
    public int frameLength() {
        return (int) (sampleRate * 0.001 * frameLengthMs);
    }

    /** @return samples between frame starts (160 at 16 kHz) */
    public int frameShift() {
        return (int) (sampleRate * 0.001 * frameShiftMs);
    }

    /** @return the FFT size: the frame length rounded up to a power of two (512 at 16 kHz) */
    public int fftSize() {
        return Integer.highestOneBit(frameLength() - 1) << 1;
    }

    /** @return frames per second */
    public double frameRate() {
        return sampleRate / (double) frameShift();
    }

    /** @return the number of whole frames in {@code samples} samples (edges snipped, as Kaldi) */
    public int frameCount(long samples) {
        if (samples < frameLength()) {
            return 0;
        }
        return (int) (1 + (samples - frameLength()) / frameShift());
    }

    /** @return the pre-emphasis coefficient */
    public double preemphasis() {
        return preemphasis;
    }

    /** @return whether each frame's mean is subtracted */
    public boolean removeDcOffset() {
        return removeDcOffset;
    }

    /** @return the analysis window */
    public WindowType window() {
        return window;
    }

    /** @return the factor applied to [-1, 1] samples before analysis (32768: Kaldi's 16-bit range) */
    public double inputScale() {
        return inputScale;
    }

    /** Builds {@link FrameConfig}. */
    public static final class Builder {
        private int sampleRate = 16000;
        private double frameLengthMs = 25;
        private double frameShiftMs = 10;
        private double preemphasis = 0.97;
        private boolean removeDcOffset = true;
        private WindowType window = WindowType.POVEY;
        private double inputScale = 32768;

        private Builder() {
        }

        /** @param hz the sample rate (default 16000) @return this */
        public Builder optSampleRate(int hz) {
            if (hz <= 0) {
                throw new IllegalArgumentException("sample rate must be positive, got " + hz);
            }
            this.sampleRate = hz;
            return this;
        }

        /** @param ms frame length (default 25) @return this */
        public Builder optFrameLengthMs(double ms) {
            this.frameLengthMs = ms;
            return this;
        }

        /** @param ms frame shift (default 10) @return this */
        public Builder optFrameShiftMs(double ms) {
            this.frameShiftMs = ms;
            return this;
        }

        /** @param coefficient pre-emphasis (default 0.97, 0 for none) @return this */
        public Builder optPreemphasis(double coefficient) {
            this.preemphasis = coefficient;
            return this;
        }

        /** @param remove whether to subtract each frame's mean (default true) @return this */
        public Builder optRemoveDcOffset(boolean remove) {
            this.removeDcOffset = remove;
            return this;
        }

        /** @param type the analysis window (default Povey) @return this */
        public Builder optWindow(WindowType type) {
            this.window = type;
            return this;
        }

        /** @param scale factor for [-1, 1] samples (default 32768) @return this */
        public Builder optInputScale(double scale) {
            this.inputScale = scale;
            return this;
        }

        /** @return the config */
        public FrameConfig build() {
            return new FrameConfig(this);
        }
    }
}
