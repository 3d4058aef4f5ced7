package io.promptwave.server.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.prompt.SoftPrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's order and admission, with a kind that records which rows ran together: each
 * row's feature value is its label, and the result is that label.
 */
class BatchSchedulerTest {

    /** Runs rows by returning their labels; the first batch waits for a gate so rows pile up behind it. */
    private record Labels(String name, List<List<Integer>> batches, CountDownLatch gate) implements BatchKind<Integer> {
        @Override
        public List<Integer> run(List<FeatureSequence> features, List<SoftPrompt> prompts) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Integer> labels = features.stream().map(f -> (int) f.frame(0)[0]).toList();
            synchronized (batches) {
                batches.add(labels);
            }
            return labels;
        }
    }

    private static FeatureSequence row(int label) {
        return row(label, 1);
    }

    /** A row of {@code frames} frames whose first value is its label. */
    private static FeatureSequence row(int label, int frames) {
        float[] values = new float[frames];
        values[0] = label;
        return FeatureSequence.of(values, frames, 1, 100, "row " + label);
    }

    private static final class Counting implements BatchListener {
        int batches;

        @Override
        public synchronized void batchRan(int rows, long computeNanos, double audioSeconds) {
            batches++;
        }

        @Override
        public void rowStarted(String tenant, long queueNanos) {
        }
    }

    @Test
    void rowsOfVeryDifferentLengthsGetBatchesOfTheirOwn() throws Exception {
        List<List<Integer>> batches = new ArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        Labels kind = new Labels("k", batches, gate);
        try (BatchScheduler s = new BatchScheduler(SchedulerConfig.builder().optMaxBatchSize(8).optMaxWaitMillis(0)
                .optMaxLengthRatio(1.5).build(), new Counting())) {
            var all = new ArrayList<>(s.submit(kind, List.of(row(0)), null, "a", Lane.STREAMING, () -> false));
            Thread.sleep(200);
            // 3 s and 15 s rows alternate; 200 is within 1.5 of 300 but not of 320, which joined first
            int[][] rows = {{1, 300}, {2, 1500}, {3, 320}, {4, 1400}, {5, 250}, {6, 100}, {7, 140}, {8, 200}};
            for (int[] r : rows) {
                all.addAll(s.submit(kind, List.of(row(r[0], r[1])), null, "t" + r[0], Lane.STREAMING, () -> false));
            }
            gate.countDown();
            for (CompletableFuture<Integer> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(List.of(List.of(0), List.of(1, 3, 5), List.of(2, 4), List.of(6, 7), List.of(8)), batches);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.builder().optMaxLengthRatio(0.5).build());
        assertEquals("max length ratio must be at least 1, got 0.5", e.getMessage());
    }

    @Test
    void tenantsTakeTurnsAndStreamingGoesFirst() throws Exception {
        List<List<Integer>> batches = new ArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        Labels kind = new Labels("k", batches, gate);
        try (BatchScheduler s = new BatchScheduler(SchedulerConfig.builder().optMaxBatchSize(3).optMaxWaitMillis(0)
                .build(), new Counting())) {
            // the first row occupies the worker until the gate opens
            var blocker = s.submit(kind, List.of(row(0)), null, "heavy", Lane.UNARY, () -> false);
            Thread.sleep(200);
            List<CompletableFuture<Integer>> all = new ArrayList<>(blocker);
            all.addAll(s.submit(kind, List.of(row(1), row(2), row(3), row(4), row(5)), null, "heavy", Lane.UNARY,
                    () -> false));
            all.addAll(s.submit(kind, List.of(row(10)), null, "light", Lane.UNARY, () -> false));
            all.addAll(s.submit(kind, List.of(row(20)), null, "live", Lane.STREAMING, () -> false));
            gate.countDown();
            for (CompletableFuture<Integer> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        // streaming first; then the light tenant gets its turn right after one heavy row
        assertEquals(List.of(List.of(0), List.of(20, 1, 10), List.of(2, 3, 4), List.of(5)), batches);
    }

    @Test
    void rowsOfDifferentKindsNeverShareABatch() throws Exception {
        List<List<Integer>> batches = new ArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        Labels a = new Labels("a", batches, gate);
        Labels b = new Labels("b", batches, gate);
        try (BatchScheduler s = new BatchScheduler(SchedulerConfig.builder().optMaxBatchSize(8).optMaxWaitMillis(0)
                .build(), new Counting())) {
            var first = s.submit(a, List.of(row(0)), null, "x", Lane.UNARY, () -> false);
            Thread.sleep(200);
            var rest = new ArrayList<>(s.submit(a, List.of(row(1)), null, "x", Lane.UNARY, () -> false));
            rest.addAll(s.submit(b, List.of(row(2)), null, "y", Lane.UNARY, () -> false));
            rest.addAll(s.submit(a, List.of(row(3)), null, "z", Lane.UNARY, () -> false));
            gate.countDown();
            first.get(0).get(30, TimeUnit.SECONDS);
            for (var f : rest) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(List.of(List.of(0), List.of(1, 3), List.of(2)), batches);
    }

    @Test
    void cancelledRowsAreDroppedAndAFullQueueRefuses() throws Exception {
        List<List<Integer>> batches = new ArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        Labels kind = new Labels("k", batches, gate);
        AtomicBoolean gone = new AtomicBoolean();
        try (BatchScheduler s = new BatchScheduler(SchedulerConfig.builder().optMaxBatchSize(4).optMaxWaitMillis(0)
                .optMaxQueuedRows(2).build(), new Counting())) {
            var blocker = s.submit(kind, List.of(row(0)), null, "a", Lane.UNARY, () -> false);
            Thread.sleep(200);
            var cancelled = s.submit(kind, List.of(row(1)), null, "b", Lane.UNARY, gone::get);
            var kept = s.submit(kind, List.of(row(2)), null, "c", Lane.UNARY, () -> false);
            QueueFullException full = assertThrows(QueueFullException.class,
                    () -> s.submit(kind, List.of(row(3)), null, "d", Lane.UNARY, () -> false));
            assertTrue(full.getMessage().startsWith("the server is busy: 2 rows wait (at most 2)"), full.getMessage());
            assertTrue(full.retryAfterMillis() >= 10);
            gone.set(true);
            gate.countDown();
            blocker.get(0).get(30, TimeUnit.SECONDS);
            assertEquals(2, kept.get(0).get(30, TimeUnit.SECONDS));
            assertEquals("the caller cancelled", assertThrows(CancellationException.class,
                    () -> cancelled.get(0).get(30, TimeUnit.SECONDS)).getMessage());
        }
        assertEquals(List.of(List.of(0), List.of(2)), batches, "the cancelled row cost no compute");
    }

    @Test
    void closingFinishesQueuedRowsThenRefuses() throws Exception {
        List<List<Integer>> batches = new ArrayList<>();
        Labels kind = new Labels("k", batches, new CountDownLatch(0));
        BatchScheduler s = new BatchScheduler(SchedulerConfig.builder().optMaxWaitMillis(0).build(), new Counting());
        var rows = s.submit(kind, List.of(row(1), row(2)), null, "a", Lane.UNARY, () -> false);
        s.close();
        assertEquals(1, rows.get(0).getNow(-1));
        assertEquals(2, rows.get(1).getNow(-1));
        assertEquals("the server is shutting down", assertThrows(QueueFullException.class,
                () -> s.submit(kind, List.of(row(3)), null, "a", Lane.UNARY, () -> false)).getMessage());
    }
}
