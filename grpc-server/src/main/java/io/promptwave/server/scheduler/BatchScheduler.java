package io.promptwave.server.scheduler;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.prompt.SoftPrompt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Runs model work in batches across concurrent requests and prompts.
 *
 * <p>Callers submit rows (features, prompt, the {@link BatchKind} that computes them) and get a
 * future. One worker thread takes the next row, then fills the batch with rows of the same kind,
 * waiting at most {@code maxWaitMillis} for company, and runs it as one forward pass; PyTorch
 * already spreads each pass over the cores, so a second worker would only fight it. Rows wait in
 * one queue per lane and tenant (prompt name): the worker takes streaming rows before unary ones,
 * and within a lane visits tenants in turn, so a tenant with a thousand rows queued delays another
 * by at most one row per batch. Admission is bounded: beyond {@code maxQueuedRows} waiting rows,
 * {@link #submit} refuses with a retry hint. A row whose caller has gone (its cancellation check
 * says so) is dropped when reached, before it costs compute.
 *
 * <p>A caller must keep a row's prompt alive until its future completes: the future never
 * completes while the row may still be computed.
 */
public final class BatchScheduler implements AutoCloseable {
    private final SchedulerConfig config;
    private final BatchListener listener;
    private final Object lock = new Object();
    /** Per lane: tenant -> its waiting rows; iteration order is the tenants' turn order. */
    private final Map<Lane, LinkedHashMap<String, ArrayDeque<Row<?>>>> queues = new LinkedHashMap<>();
    private final Thread worker;
    private int queued;
    private boolean closing;
    /** Smoothed time of one batch, for the retry hint. */
    private double batchMillis = 50;

    /** One row of work and where its result goes. */
    private static final class Row<R> {
        final BatchKind<R> kind;
        final FeatureSequence features;
        final SoftPrompt prompt;
        final String tenant;
        final BooleanSupplier cancelled;
        final CompletableFuture<R> result = new CompletableFuture<>();
        final long enqueued = System.nanoTime();

        Row(BatchKind<R> kind, FeatureSequence features, SoftPrompt prompt, String tenant,
                BooleanSupplier cancelled) {
            this.kind = kind;
            this.features = features;
            this.prompt = prompt;
            this.tenant = tenant;
            this.cancelled = cancelled;
        }

        double seconds() {
            return kind.audioSeconds(features);
        }

        int length() {
            return kind.length(features);
        }
    }

    /**
     * Starts the worker.
     *
     * @param config batch size, wait and queue bound
     * @param listener told about each batch
     */
    public BatchScheduler(SchedulerConfig config, BatchListener listener) {
        this.config = config;
        this.listener = listener;
        for (Lane lane : Lane.values()) {
            queues.put(lane, new LinkedHashMap<>());
        }
        this.worker = new Thread(this::work, "promptwave-batch-worker");
        worker.setDaemon(true);
        worker.start();
    }

    /** @return the batching settings */
    public SchedulerConfig config() {
        return config;
    }

    /** @return rows waiting now */
    public int queued() {
        synchronized (lock) {
            return queued;
        }
    }

    /**
     * Submits the rows of one request, all or none.
     *
     * @param kind what to compute (rows of equal kinds share batches)
     * @param features the rows
     * @param prompt the prompt of every row, or null for the bare base
     * @param tenant whose turn the rows take ("" for the bare base)
     * @param lane streaming or unary
     * @param cancelled true once the caller no longer wants the result
     * @return one future per row, in order
     * @throws QueueFullException when the rows do not fit in the queue, or the scheduler is closing
     */
    public <R> List<CompletableFuture<R>> submit(BatchKind<R> kind, List<FeatureSequence> features,
            SoftPrompt prompt, String tenant, Lane lane, BooleanSupplier cancelled) throws QueueFullException {
        List<CompletableFuture<R>> futures = new ArrayList<>();
        synchronized (lock) {
            if (closing) {
                throw new QueueFullException("the server is shutting down", 0);
            }
            if (queued + features.size() > config.maxQueuedRows()) {
                long retry = Math.round((queued / (double) config.maxBatchSize() + 1) * batchMillis);
                throw new QueueFullException("the server is busy: " + queued + " rows wait (at most "
                        + config.maxQueuedRows() + ")", Math.max(10, retry));
            }
            ArrayDeque<Row<?>> queue = queues.get(lane).computeIfAbsent(tenant, t -> new ArrayDeque<>());
            for (FeatureSequence f : features) {
                Row<R> row = new Row<>(kind, f, prompt, tenant, cancelled);
                queue.add(row);
                futures.add(row.result);
            }
            queued += features.size();
            lock.notifyAll();
        }
        return futures;
    }

    private void work() {
        while (true) {
            List<Row<?>> batch = new ArrayList<>();
            List<Row<?>> dropped = new ArrayList<>();
            synchronized (lock) {
                while (queued == 0 && !closing) {
                    waitOn(0);
                }
                if (queued == 0) {
                    return;
                }
                Row<?> first = take(null, 0, Integer.MAX_VALUE, dropped);
                if (first != null) {
                    batch.add(first);
                    // the batch's lengths stay within the ratio of the first row's, whose turn it is
                    int shortest = (int) Math.ceil(first.length() / config.maxLengthRatio());
                    int longest = (int) Math.min(Integer.MAX_VALUE,
                            Math.floor(first.length() * config.maxLengthRatio()));
                    long deadline = System.nanoTime() + config.maxWaitMillis() * 1_000_000;
                    while (batch.size() < config.maxBatchSize()) {
                        Row<?> next = take(first.kind, shortest, longest, dropped);
                        if (next != null) {
                            batch.add(next);
                            int frames = next.length();
                            // every pair in the batch within the ratio: narrow the window to the new row
                            shortest = Math.max(shortest, (int) Math.ceil(frames / config.maxLengthRatio()));
                            longest = (int) Math.min(longest, Math.floor(frames * config.maxLengthRatio()));
                            continue;
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0 || closing) {
                            break;
                        }
                        waitOn(Math.max(1, left / 1_000_000));
                    }
                }
            }
            for (Row<?> row : dropped) {
                row.result.completeExceptionally(new CancellationException("the caller cancelled"));
            }
            if (!batch.isEmpty()) {
                run(batch);
            }
        }
    }

    private void waitOn(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /**
     * Takes the next row in turn: streaming lane first, tenants in rotation.
     *
     * @param kind the kind the row must have, or null for any
     * @param minFrames the shortest the row may be ({@link BatchKind#length})
     * @param maxFrames the longest
     * @param dropped where cancelled rows met on the way go
     */
    private Row<?> take(BatchKind<?> kind, int minFrames, int maxFrames, List<Row<?>> dropped) {
        for (LinkedHashMap<String, ArrayDeque<Row<?>>> lane : queues.values()) {
            for (Map.Entry<String, ArrayDeque<Row<?>>> tenant : List.copyOf(lane.entrySet())) {
                ArrayDeque<Row<?>> rows = tenant.getValue();
                for (Iterator<Row<?>> it = rows.iterator(); it.hasNext();) {
                    Row<?> row = it.next();
                    if (row.cancelled.getAsBoolean()) {
                        it.remove();
                        queued--;
                        dropped.add(row);
                        continue;
                    }
                    int frames = row.length();
                    if ((kind == null || kind.equals(row.kind)) && frames >= minFrames && frames <= maxFrames) {
                        it.remove();
                        queued--;
                        // the tenant goes to the back of the turn order
                        lane.remove(tenant.getKey());
                        if (!rows.isEmpty()) {
                            lane.put(tenant.getKey(), rows);
                        }
                        return row;
                    }
                }
                if (rows.isEmpty()) {
                    lane.remove(tenant.getKey());
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private <R> void run(List<Row<?>> rows) {
        long start = System.nanoTime();
        List<FeatureSequence> features = new ArrayList<>();
        List<SoftPrompt> prompts = new ArrayList<>();
        double seconds = 0;
        for (Row<?> row : rows) {
            listener.rowStarted(row.tenant, start - row.enqueued);
            features.add(row.features);
            prompts.add(row.prompt);
            seconds += row.seconds();
        }
        BatchKind<R> kind = (BatchKind<R>) rows.get(0).kind;
        List<R> results;
        try {
            results = kind.run(features, prompts);
        } catch (RuntimeException | Error e) {
            for (Row<?> row : rows) {
                row.result.completeExceptionally(e);
            }
            return;
        }
        long took = System.nanoTime() - start;
        synchronized (lock) {
            batchMillis = 0.8 * batchMillis + 0.2 * took / 1e6;
        }
        listener.batchRan(rows.size(), took, seconds);
        for (int i = 0; i < rows.size(); i++) {
            ((Row<R>) rows.get(i)).result.complete(results.get(i));
        }
    }

    /**
     * Refuses new rows, lets the worker finish every row already queued, and waits for it.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
