package io.promptwave.client.load;

import java.util.List;

/**
 * What a load run does: how many concurrent streaming clients, over which prompts, for how long,
 * at what pace. Client {@code i} uses prompt {@code i mod prompts} and streams the recordings in
 * turn, one stream after the other, each waiting for its results before the next.
 *
 * @param clients concurrent streaming clients
 * @param prompts prompt references, spread over the clients ("" is the bare base)
 * @param recordings what the clients stream
 * @param seconds how long clients keep starting streams
 * @param chunkMillis audio per message
 * @param realTime whether chunks are paced at the speed of speech (a live microphone) or sent as
 *     fast as flow control allows (a capacity measurement)
 * @param interimResults whether the streams ask for interim results
 */
public record LoadConfig(int clients, List<String> prompts, List<Recording> recordings, double seconds,
        int chunkMillis, boolean realTime, boolean interimResults) {
    /** Checks the fields. */
    public LoadConfig {
        prompts = List.copyOf(prompts);
        recordings = List.copyOf(recordings);
        if (clients < 1 || clients > 10_000) {
            throw new IllegalArgumentException("clients must be 1 to 10000, got " + clients);
        }
        if (prompts.isEmpty() || recordings.isEmpty()) {
            throw new IllegalArgumentException("a load run needs at least one prompt and one recording");
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("a load run's seconds must be positive, got " + seconds);
        }
        if (chunkMillis < 10 || chunkMillis > 10_000) {
            throw new IllegalArgumentException("chunk must be 10 to 10000 ms, got " + chunkMillis);
        }
    }

    /**
     * @param runSeconds another length
     * @return the same run, as long as that (a warm-up before the measured run)
     */
    public LoadConfig withSeconds(double runSeconds) {
        return new LoadConfig(clients, prompts, recordings, runSeconds, chunkMillis, realTime, interimResults);
    }
}
