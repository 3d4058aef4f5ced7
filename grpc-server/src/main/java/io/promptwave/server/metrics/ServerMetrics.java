package io.promptwave.server.metrics;

import io.promptwave.server.scheduler.BatchListener;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The server's measurements, by prompt where that makes sense, rendered in Prometheus text
 * format by {@link #render()}. Thread-safe; recording is a few atomic adds.
 */
public final class ServerMetrics implements BatchListener {
    private static final double[] SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final double[] ROWS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    /** Requests by method, prompt and status code. */
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    /** Latency by method and prompt. */
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    /** Queue delay by prompt. */
    private final Map<String, Histogram> queueDelay = new ConcurrentHashMap<>();
    private final Histogram batchSize = new Histogram(ROWS);
    private final DoubleAdder computeSeconds = new DoubleAdder();
    private final DoubleAdder audioSeconds = new DoubleAdder();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();

    /**
     * @param method the RPC, e.g. {@code Recognize}
     * @param prompt the prompt name ("" for the bare base)
     * @param code the gRPC status code name
     * @param seconds from the request's arrival to its last response
     */
    public void requestDone(String method, String prompt, String code, double seconds) {
        requests.computeIfAbsent(key(method, prompt, code), k -> new AtomicLong()).incrementAndGet();
        latency.computeIfAbsent(key(method, prompt), k -> new Histogram(SECONDS)).observe(seconds);
    }

    @Override
    public void batchRan(int n, long computeNanos, double seconds) {
        batches.incrementAndGet();
        rows.addAndGet(n);
        batchSize.observe(n);
        computeSeconds.add(computeNanos / 1e9);
        audioSeconds.add(seconds);
    }

    @Override
    public void rowStarted(String tenant, long queueNanos) {
        queueDelay.computeIfAbsent(tenant, k -> new Histogram(SECONDS)).observe(queueNanos / 1e9);
    }

    /** @return batches run so far */
    public long batches() {
        return batches.get();
    }

    /** @return rows computed so far */
    public long rows() {
        return rows.get();
    }

    /** @return everything, in Prometheus text exposition format */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP promptwave_requests_total Finished calls by method, prompt and status code.\n")
                .append("# TYPE promptwave_requests_total counter\n");
        for (Map.Entry<String, AtomicLong> e : new TreeMap<>(requests).entrySet()) {
            String[] k = e.getKey().split("\u0000", -1);
            out.append("promptwave_requests_total{method=\"").append(k[0]).append("\",prompt=\"").append(escape(k[1]))
                    .append("\",code=\"").append(k[2]).append("\"} ").append(e.getValue().get()).append('\n');
        }
        out.append("# HELP promptwave_request_seconds Time from a call's arrival to its last response.\n")
                .append("# TYPE promptwave_request_seconds histogram\n");
        for (Map.Entry<String, Histogram> e : new TreeMap<>(latency).entrySet()) {
            String[] k = e.getKey().split("\u0000", -1);
            e.getValue().write(out, "promptwave_request_seconds", "method=\"" + k[0] + "\",prompt=\"" + escape(k[1])
                    + "\"");
        }
        out.append("# HELP promptwave_queue_seconds Time a row waited for a batch, by prompt.\n")
                .append("# TYPE promptwave_queue_seconds histogram\n");
        for (Map.Entry<String, Histogram> e : new TreeMap<>(queueDelay).entrySet()) {
            e.getValue().write(out, "promptwave_queue_seconds", "prompt=\"" + escape(e.getKey()) + "\"");
        }
        out.append("# HELP promptwave_batch_rows Rows per forward pass.\n# TYPE promptwave_batch_rows histogram\n");
        batchSize.write(out, "promptwave_batch_rows", "");
        out.append("# HELP promptwave_compute_seconds_total Time spent in forward passes.\n")
                .append("# TYPE promptwave_compute_seconds_total counter\n")
                .append("promptwave_compute_seconds_total ").append(computeSeconds.sum()).append('\n');
        out.append("# HELP promptwave_audio_seconds_total Audio computed (interim rows included).\n")
                .append("# TYPE promptwave_audio_seconds_total counter\n")
                .append("promptwave_audio_seconds_total ").append(audioSeconds.sum()).append('\n');
        double audio = audioSeconds.sum();
        out.append("# HELP promptwave_real_time_factor Compute seconds per audio second so far.\n")
                .append("# TYPE promptwave_real_time_factor gauge\n")
                .append("promptwave_real_time_factor ").append(audio == 0 ? 0 : computeSeconds.sum() / audio)
                .append('\n');
        return out.toString();
    }

    private static String key(String... parts) {
        return String.join("\u0000", parts);
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
