package io.promptwave.audio.segment;

/**
 * How {@link SpeechSegmenter} decides what is speech. Immutable; build with {@link #builder()}.
 * Times are in seconds; energies in dB relative to full scale (dBFS).
 */
public final class SegmenterConfig {
    private final double minSpeech;
    private final double minSilence;
    private final double maxSegment;
    private final double padding;
    private final double marginDb;
    private final double floorDb;
    private final Double thresholdDb;

    private SegmenterConfig(Builder b) {
        this.minSpeech = b.minSpeech;
        this.minSilence = b.minSilence;
        this.maxSegment = b.maxSegment;
        this.padding = b.padding;
        this.marginDb = b.marginDb;
        this.floorDb = b.floorDb;
        this.thresholdDb = b.thresholdDb;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static SegmenterConfig defaults() {
        return builder().build();
    }

    /** @return shorter bursts of energy are not speech (default 0.25 s) */
    public double minSpeech() {
        return minSpeech;
    }

    /** @return shorter pauses do not end a segment (default 0.3 s) */
    public double minSilence() {
        return minSilence;
    }

    /** @return longer segments are split at their quietest point (default 20 s) */
    public double maxSegment() {
        return maxSegment;
    }

    /** @return silence kept on each side of a segment, never past the middle of a pause (default 0.1 s) */
    public double padding() {
        return padding;
    }

    /** @return adaptive threshold: this much above the noise floor (default 15 dB) */
    public double marginDb() {
        return marginDb;
    }

    /** @return the adaptive threshold never goes below this level (default -60 dBFS) */
    public double floorDb() {
        return floorDb;
    }

    /** @return a fixed threshold that replaces the adaptive one, or null */
    public Double thresholdDb() {
        return thresholdDb;
    }

    /** Builds {@link SegmenterConfig}. */
    public static final class Builder {
        private double minSpeech = 0.25;
        private double minSilence = 0.3;
        private double maxSegment = 20;
        private double padding = 0.1;
        private double marginDb = 15;
        private double floorDb = -60;
        private Double thresholdDb;

        private Builder() {
        }

        /** @param seconds minimum speech length @return this */
        public Builder optMinSpeech(double seconds) {
            this.minSpeech = nonNegative(seconds, "minimum speech");
            return this;
        }

        /** @param seconds minimum pause length @return this */
        public Builder optMinSilence(double seconds) {
            this.minSilence = nonNegative(seconds, "minimum silence");
            return this;
        }

        /** @param seconds maximum segment length, at least 0.1 s @return this */
        public Builder optMaxSegment(double seconds) {
            if (!(seconds >= 0.1)) {
                throw new IllegalArgumentException("maximum segment must be at least 0.1 s, got " + seconds);
            }
            this.maxSegment = seconds;
            return this;
        }

        /** @param seconds padding on each side @return this */
        public Builder optPadding(double seconds) {
            this.padding = nonNegative(seconds, "padding");
            return this;
        }

        /** @param db margin above the noise floor @return this */
        public Builder optMarginDb(double db) {
            this.marginDb = db;
            return this;
        }

        /** @param db lowest adaptive threshold @return this */
        public Builder optFloorDb(double db) {
            this.floorDb = db;
            return this;
        }

        /** @param db a fixed energy threshold in dBFS instead of the adaptive one @return this */
        public Builder optThresholdDb(double db) {
            this.thresholdDb = db;
            return this;
        }

        /** @return the config */
        public SegmenterConfig build() {
            return new SegmenterConfig(this);
        }

        private static double nonNegative(double v, String what) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException(what + " must be >= 0, got " + v);
            }
            return v;
        }
    }
}
