package io.promptwave.audio.segment;

import java.util.Locale;

/**
 * When a {@link StreamingEndpointer} says speech starts and ends. Immutable; built with
 * {@link #builder()}.
 */
public final class EndpointerConfig {
    private final double thresholdDb;
    private final double minSpeech;
    private final double trailingSilence;
    private final double maxUtterance;
    private final double preRoll;

    private EndpointerConfig(Builder b) {
        this.thresholdDb = b.thresholdDb;
        this.minSpeech = b.minSpeech;
        this.trailingSilence = b.trailingSilence;
        this.maxUtterance = b.maxUtterance;
        this.preRoll = b.preRoll;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return level in dBFS above which a 10 ms frame is speech */
    public double thresholdDb() {
        return thresholdDb;
    }

    /** @return seconds of speech frames in a row that start an utterance */
    public double minSpeech() {
        return minSpeech;
    }

    /** @return seconds of silence after speech that end an utterance */
    public double trailingSilence() {
        return trailingSilence;
    }

    /** @return seconds after which an utterance is cut */
    public double maxUtterance() {
        return maxUtterance;
    }

    /** @return seconds of audio before the detected start kept in the utterance (soft onsets) */
    public double preRoll() {
        return preRoll;
    }

    /** The builder; every setting is optional. */
    public static final class Builder {
        private double thresholdDb = -45;
        private double minSpeech = 0.1;
        private double trailingSilence = 0.8;
        private double maxUtterance = 15;
        private double preRoll = 0.3;

        private Builder() {
        }

        /** @param db speech level threshold in dBFS, -100 to 0 (default -45) @return this */
        public Builder optThresholdDb(double db) {
            thresholdDb = check("speech threshold", db, -100, 0);
            return this;
        }

        /** @param seconds speech that starts an utterance, 0.01 to 1 (default 0.1) @return this */
        public Builder optMinSpeech(double seconds) {
            minSpeech = check("minimum speech", seconds, 0.01, 1);
            return this;
        }

        /** @param seconds silence that ends an utterance, 0.1 to 10 (default 0.8) @return this */
        public Builder optTrailingSilence(double seconds) {
            trailingSilence = check("trailing silence", seconds, 0.1, 10);
            return this;
        }

        /** @param seconds longest utterance, 1 to 60 (default 15) @return this */
        public Builder optMaxUtterance(double seconds) {
            maxUtterance = check("maximum utterance", seconds, 1, 60);
            return this;
        }

        /** @param seconds audio kept before the start, 0 to 1 (default 0.3) @return this */
        public Builder optPreRoll(double seconds) {
            preRoll = check("pre-roll", seconds, 0, 1);
            return this;
        }

        /** @return the config */
        public EndpointerConfig build() {
            return new EndpointerConfig(this);
        }

        private static double check(String what, double v, double min, double max) {
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be %s to %s, got %s", what,
                        fmt(min), fmt(max), fmt(v)));
            }
            return v;
        }

        private static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
