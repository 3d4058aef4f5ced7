package io.promptwave.cli;

import io.promptwave.server.scheduler.SchedulerConfig;
import picocli.CommandLine.Option;

/** The server's batching options, which {@code serve} and {@code loadtest} share. */
final class BatchingFlags {
    @Option(names = "--max-batch-size", defaultValue = "16", description = "Most rows per forward pass. Default: ${DEFAULT-VALUE}.")
    int maxBatchSize;

    @Option(names = "--max-wait-ms", defaultValue = "5", description = "How long a lone row waits for company. Default: ${DEFAULT-VALUE}.")
    long maxWaitMs;

    @Option(names = "--max-length-ratio", defaultValue = "1.5", description = "Longest over shortest row in one batch. Default: ${DEFAULT-VALUE}.")
    double maxLengthRatio;

    /**
     * @param maxQueue waiting rows beyond which calls are refused
     * @return the scheduler's config
     * @throws IllegalArgumentException when a value is out of range
     */
    SchedulerConfig scheduler(int maxQueue) {
        return SchedulerConfig.builder().optMaxBatchSize(maxBatchSize).optMaxWaitMillis(maxWaitMs)
                .optMaxQueuedRows(maxQueue).optMaxLengthRatio(maxLengthRatio).build();
    }
}
