package io.promptwave.server.metrics;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/** A Prometheus histogram: cumulative counts at fixed upper bounds, plus the sum. Thread-safe. */
public final class Histogram {
    private final double[] bounds;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();

    /** @param bounds upper bounds, increasing ({@code +Inf} is added) */
    public Histogram(double... bounds) {
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    /** @param value one observation */
    public void observe(double value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sum.add(value);
    }

    /**
     * Writes the series in Prometheus text format.
     *
     * @param out where to
     * @param name the metric name
     * @param labels {@code key="value"} pairs, comma-separated, or empty
     */
    void write(StringBuilder out, String name, String labels) {
        long cumulative = 0;
        String sep = labels.isEmpty() ? "" : ",";
        for (int i = 0; i < counts.length(); i++) {
            cumulative += counts.get(i);
            String le = i < bounds.length ? String.format(Locale.ROOT, "%s", bounds[i]) : "+Inf";
            out.append(name).append("_bucket{").append(labels).append(sep).append("le=\"").append(le).append("\"} ")
                    .append(cumulative).append('\n');
        }
        String braces = labels.isEmpty() ? "" : "{" + labels + "}";
        out.append(name).append("_sum").append(braces).append(' ').append(String.format(Locale.ROOT, "%.6f",
                sum.sum())).append('\n');
        out.append(name).append("_count").append(braces).append(' ').append(cumulative).append('\n');
    }
}
