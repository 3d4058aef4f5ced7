package io.promptwave.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples this process's memory at a fixed interval on a background thread and prints each
 * sample: resident set size (Java heap, JIT and the tensor engine's native memory together), the
 * Java heap the JVM has committed (part of the RSS once touched) and the heap in use after a
 * collection. The summary compares the first and last samples, which
 * is how a soak shows growth or its absence.
 */
final class MemorySampler implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final PrintWriter out;
    private final long everyNanos;
    private final List<double[]> samples = new ArrayList<>();
    private long start;
    private Thread thread;

    MemorySampler(PrintWriter out, double everySeconds) {
        this.out = out;
        this.everyNanos = (long) (everySeconds * 1e9);
    }

    /** Takes the first sample and starts the clock. */
    void start() {
        start = System.nanoTime();
        sampleNow();
        thread = new Thread(this::loop, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            for (long next = start + everyNanos; ; next += everyNanos) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                sampleNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes and prints one sample. */
    synchronized void sampleNow() {
        System.gc();
        MemoryUsage usage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double heap = usage.getUsed() / 1048576.0;
        double committed = usage.getCommitted() / 1048576.0;
        double rss = residentMegabytes();
        double at = (System.nanoTime() - start) / 1e9;
        samples.add(new double[] {at, rss, heap});
        out.printf(Locale.ROOT, "memory at %6.0f s: RSS %7.1f MB (heap committed %7.1f MB), heap after GC %6.1f MB%n",
                at, rss, committed, heap);
        out.flush();
    }

    /** Prints the first, last and largest samples. */
    synchronized void summary() {
        if (samples.size() < 2) {
            return;
        }
        double[] first = samples.get(0);
        double[] last = samples.get(samples.size() - 1);
        double maxRss = samples.stream().mapToDouble(s -> s[1]).max().orElse(Double.NaN);
        out.printf(Locale.ROOT, "memory over %.0f s (%d samples): RSS %.1f -> %.1f MB (%+.1f MB, max %.1f), heap after "
                + "GC %.1f -> %.1f MB (%+.1f MB)%n", last[0] - first[0], samples.size(), first[1], last[1],
                last[1] - first[1], maxRss, first[2], last[2], last[2] - first[2]);
        out.flush();
    }

    private static double residentMegabytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unreadable status file: memory is then reported as unknown
        }
        return Double.NaN;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
