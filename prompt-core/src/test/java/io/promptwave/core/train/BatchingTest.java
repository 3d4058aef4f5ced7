package io.promptwave.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.TensorRuntime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchingTest {

    @Test
    void examplesOfDifferentGroupsNeverShareABatch() {
        // audio (80 values a frame) and image lines (128) of similar lengths, interleaved
        int[] lengths = {300, 100, 310, 96, 305, 99, 290, 101};
        int[] groups = {80, 128, 80, 128, 80, 128, 80, 128};
        List<List<Integer>> batches = new LengthBatcher(100_000).batches(lengths, groups, 5);
        assertEquals(2, batches.size(), batches.toString());
        for (List<Integer> batch : batches) {
            assertEquals(1, batch.stream().map(i -> groups[i]).distinct().count(), batch.toString());
        }
        // one group: exactly the batches of the plain call
        assertEquals(new LengthBatcher(700).batches(lengths, 5), new LengthBatcher(700).batches(lengths, new int[8], 5));
    }

    @Test
    void batchesStayWithinTheFrameBudgetAndCoverEveryUtteranceOnce() {
        Random random = new Random(1);
        int[] lengths = new int[500];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 100 + random.nextInt(1400);
        }
        lengths[7] = 9000; // longer than the budget: alone
        List<List<Integer>> batches = new LengthBatcher(8000).batches(lengths, 3);
        Set<Integer> seen = new HashSet<>();
        for (List<Integer> batch : batches) {
            int longest = batch.stream().mapToInt(i -> lengths[i]).max().orElseThrow();
            assertTrue(batch.size() == 1 || longest * batch.size() <= 8000, "batch " + batch);
            batch.forEach(i -> assertTrue(seen.add(i), "index " + i + " twice"));
        }
        assertEquals(500, seen.size());
        assertTrue(batches.contains(List.of(7)));
        assertEquals(batches, new LengthBatcher(8000).batches(lengths, 3), "same seed, same batches");
        assertNotEquals(batches, new LengthBatcher(8000).batches(lengths, 4), "another seed, another order");
    }

    @Test
    void paddingKeepsTheFramesAndMarksThem() throws EngineUnavailableException {
        List<FeatureSequence> utterances = new ArrayList<>();
        utterances.add(FeatureSequence.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2, 100, "a"));
        utterances.add(FeatureSequence.of(new float[] {7, 8}, 1, 2, 100, "b"));
        try (NDManager manager = TensorRuntime.pytorch().newBaseManager()) {
            PaddedBatch batch = PaddedBatch.of(manager, utterances);
            assertArrayEquals(new long[] {2, 3, 2}, batch.features().getShape().getShape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0}, batch.features().toFloatArray());
            assertArrayEquals(new int[] {3, 1}, batch.lengths());
            assertArrayEquals(new boolean[] {true, true, true, true, false, false}, batch.mask().toBooleanArray());
        }
    }
}
