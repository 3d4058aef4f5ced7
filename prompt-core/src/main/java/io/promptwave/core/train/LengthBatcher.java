package io.promptwave.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Groups utterances into batches by total padded frames: utterances are sorted by length (so a
 * batch holds similar lengths and little padding), cut into batches whose
 * {@code count x longest} stays within the budget, and the batches are shuffled with a seed so an
 * epoch does not run from short to long. An utterance longer than the budget gets a batch of its
 * own. Deterministic for a seed.
 */
public final class LengthBatcher {
    private final int maxPaddedFrames;

    /** @param maxPaddedFrames the most frames a batch may hold, padding included */
    public LengthBatcher(int maxPaddedFrames) {
        if (maxPaddedFrames < 1) {
            throw new IllegalArgumentException("frame budget must be positive, got " + maxPaddedFrames);
        }
        this.maxPaddedFrames = maxPaddedFrames;
    }

    /**
     * @param lengths frames of each utterance
     * @param seed the order of the batches
     * @return batches of utterance indices; every index exactly once
     */
    public List<List<Integer>> batches(int[] lengths, long seed) {
        return batches(lengths, new int[lengths.length], seed);
    }

    /**
     * Like {@link #batches(int[], long)}, never putting examples of different groups in one batch.
     *
     * @param groups a group per example (the feature size: audio and image rows cannot share a batch)
     */
    public List<List<Integer>> batches(int[] lengths, int[] groups, long seed) {
        if (groups.length != lengths.length) {
            throw new IllegalArgumentException(lengths.length + " lengths but " + groups.length + " groups");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        // by group, then length, ties by index: the same input always gives the same batches
        order.sort(Comparator.<Integer>comparingInt(i -> groups[i]).thenComparingInt(i -> lengths[i])
                .thenComparingInt(i -> i));
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int longest = 0;
        for (int i : order) {
            int newLongest = Math.max(longest, lengths[i]);
            boolean newGroup = !current.isEmpty() && groups[current.get(0)] != groups[i];
            if (newGroup || !current.isEmpty() && (long) newLongest * (current.size() + 1) > maxPaddedFrames) {
                batches.add(current);
                current = new ArrayList<>();
                newLongest = lengths[i];
            }
            current.add(i);
            longest = newLongest;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        Collections.shuffle(batches, new java.util.Random(new SplittableRandom(seed).nextLong()));
        return batches;
    }
}
