package io.promptwave.audio.decode;

/**
 * How {@link AudioDecoder} treats its inputs. Immutable; build with {@link #builder()}.
 */
public final class DecodeOptions {
    /** One hour: longer recordings should be segmented first. */
    public static final double DEFAULT_MAX_DURATION_SECONDS = 3600;

    private final double maxDurationSeconds;

    private DecodeOptions(Builder builder) {
        this.maxDurationSeconds = builder.maxDurationSeconds;
    }

    /** @return the defaults: at most one hour of audio */
    public static DecodeOptions defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the longest input accepted, in seconds ({@code Double.POSITIVE_INFINITY} for no limit) */
    public double maxDurationSeconds() {
        return maxDurationSeconds;
    }

    /** Builds {@link DecodeOptions}. */
    public static final class Builder {
        private double maxDurationSeconds = DEFAULT_MAX_DURATION_SECONDS;

        private Builder() {
        }

        /**
         * @param seconds the longest input accepted; longer inputs fail with a clear error
         * @return this builder
         */
        public Builder optMaxDurationSeconds(double seconds) {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("maximum duration must be positive, got " + seconds);
            }
            this.maxDurationSeconds = seconds;
            return this;
        }

        /** @return the options */
        public DecodeOptions build() {
            return new DecodeOptions(this);
        }
    }
}
