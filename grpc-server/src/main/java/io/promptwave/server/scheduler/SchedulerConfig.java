package io.promptwave.server.scheduler;

/**
 * How the scheduler batches. Immutable; built with {@link #builder()}.
 *
 * @param maxBatchSize most rows in one forward pass
 * @param maxWaitMillis how long a lone row waits for others to join its batch
 * @param maxQueuedRows rows waiting beyond which new work is refused
 * @param maxLengthRatio how much longer than the shortest row of a batch its longest may be. A
 *     batch costs its rows times its longest row (padding, and decoding runs until the longest
 *     output ends), so a 3 s command batched with a 15 s dictation costs almost five 15 s rows;
 *     rows outside the ratio wait for a batch of their own length
 */
public record SchedulerConfig(int maxBatchSize, long maxWaitMillis, int maxQueuedRows, double maxLengthRatio) {

    /** Checks the ranges. */
    public SchedulerConfig {
        if (maxBatchSize < 1 || maxBatchSize > 256) {
            throw new IllegalArgumentException("max batch size must be 1 to 256, got " + maxBatchSize);
        }
        if (maxWaitMillis < 0 || maxWaitMillis > 10_000) {
            throw new IllegalArgumentException("max wait must be 0 to 10000 ms, got " + maxWaitMillis);
        }
        if (maxQueuedRows < 1) {
            throw new IllegalArgumentException("max queued rows must be at least 1, got " + maxQueuedRows);
        }
        if (!(maxLengthRatio >= 1)) {
            throw new IllegalArgumentException("max length ratio must be at least 1, got " + maxLengthRatio);
        }
    }

    /** @return a builder with the defaults: batches of 16, 5 ms wait, 256 queued rows, length ratio 1.5 */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder; every setting is optional. */
    public static final class Builder {
        private int maxBatchSize = 16;
        private long maxWaitMillis = 5;
        private int maxQueuedRows = 256;
        private double maxLengthRatio = 1.5;

        private Builder() {
        }

        /** @param n most rows per batch @return this */
        public Builder optMaxBatchSize(int n) {
            maxBatchSize = n;
            return this;
        }

        /** @param ms how long a lone row waits for company @return this */
        public Builder optMaxWaitMillis(long ms) {
            maxWaitMillis = ms;
            return this;
        }

        /** @param n queue bound @return this */
        public Builder optMaxQueuedRows(int n) {
            maxQueuedRows = n;
            return this;
        }

        /** @param ratio longest over shortest row in one batch (1: equal lengths only) @return this */
        public Builder optMaxLengthRatio(double ratio) {
            maxLengthRatio = ratio;
            return this;
        }

        /** @return the config */
        public SchedulerConfig build() {
            return new SchedulerConfig(maxBatchSize, maxWaitMillis, maxQueuedRows, maxLengthRatio);
        }
    }
}
