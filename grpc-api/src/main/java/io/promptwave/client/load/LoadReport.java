package io.promptwave.client.load;

import java.util.Arrays;
import java.util.List;

/**
 * What a load run measured.
 *
 * @param streams streams that finished with status OK
 * @param finals final results received
 * @param audioSeconds audio of the finished streams
 * @param wallSeconds from the first stream's start to the last one's end
 * @param finalLatencies seconds from sending the chunk that holds an utterance's end to receiving
 *     its final result, one per final, sorted
 * @param failed streams that ended with an error
 * @param failures the first few errors, as the client saw them
 */
public record LoadReport(int streams, int finals, double audioSeconds, double wallSeconds,
        double[] finalLatencies, int failed, List<String> failures) {
    /** Copies and sorts. */
    public LoadReport {
        finalLatencies = finalLatencies.clone();
        Arrays.sort(finalLatencies);
        failures = List.copyOf(failures);
    }

    /** @return audio seconds processed per wall second */
    public double audioSecondsPerSecond() {
        return audioSeconds / wallSeconds;
    }

    /**
     * @param q the quantile, 0 to 1
     * @return the nearest-rank quantile of the latencies to a final result, NaN without finals
     */
    public double latency(double q) {
        if (finalLatencies.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * finalLatencies.length);
        return finalLatencies[Math.max(0, Math.min(finalLatencies.length - 1, rank - 1))];
    }

    @Override
    public double[] finalLatencies() {
        return finalLatencies.clone();
    }
}
