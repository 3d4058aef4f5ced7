package io.promptwave.server.scheduler;

/**
 * How the scheduler batches. Immutable; built with {@link #builder()}.
 *
 * @param maxBatchSize most rows in one forward pass
 * @param maxWaitMillis how long a lone row waits for others to join its batch
 * @param maxQueuedRows rows waiting beyond which new work is refused
 */
public record SchedulerConfig(int maxBatchSize, long maxWaitMillis, int maxQueuedRows) {

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
    }

    /** @return a builder with the defaults: batches of 16, 5 ms wait, 256 queued rows */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder; every setting is optional. */
    public static final class Builder {
        private int maxBatchSize = 16;
        private long maxWaitMillis = 5;
        private int maxQueuedRows = 256;

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

        /** @return the config */
        public SchedulerConfig build() {
            return new SchedulerConfig(maxBatchSize, maxWaitMillis, maxQueuedRows);
        }
    }
}
