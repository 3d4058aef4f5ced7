package io.promptwave.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.TensorRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcLossTest {

    /** Sums the probability of every path that collapses to the target: the definition of CTC. */
    private static double bruteForce(float[][] probs, int length, int[] target, int blank) {
        int vocab = probs[0].length;
        double total = 0;
        int[] path = new int[length];
        long paths = (long) Math.pow(vocab, length);
        for (long p = 0; p < paths; p++) {
            long rest = p;
            double prob = 1;
            for (int t = 0; t < length; t++) {
                path[t] = (int) (rest % vocab);
                rest /= vocab;
                prob *= probs[t][path[t]];
            }
            List<Integer> collapsed = new ArrayList<>();
            int previous = -1;
            for (int t = 0; t < length; t++) {
                if (path[t] != previous && path[t] != blank) {
                    collapsed.add(path[t]);
                }
                previous = path[t];
            }
            if (collapsed.equals(java.util.Arrays.stream(target).boxed().toList())) {
                total += prob;
            }
        }
        return -Math.log(total);
    }

    @Test
    void matchesTheSumOverAllAlignments() throws EngineUnavailableException {
        Engine engine = TensorRuntime.pytorch();
        Random random = new Random(5);
        int batch = 4;
        int time = 6;
        int vocab = 4;
        float[][][] probs = new float[batch][time][vocab];
        float[] flat = new float[batch * time * vocab];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                double sum = 0;
                for (int v = 0; v < vocab; v++) {
                    probs[b][t][v] = 0.05f + random.nextFloat();
                    sum += probs[b][t][v];
                }
                for (int v = 0; v < vocab; v++) {
                    probs[b][t][v] /= (float) sum;
                    flat[(b * time + t) * vocab + v] = (float) Math.log(probs[b][t][v]);
                }
            }
        }
        int[][] targets = {{1, 2}, {1, 1}, {3}, {2, 3, 1}};
        int[] lengths = {6, 5, 3, 6};
        try (NDManager manager = engine.newBaseManager()) {
            NDArray logProbs = manager.create(flat, new Shape(batch, time, vocab));
            float[] loss = CtcLoss.loss(logProbs, lengths, targets, 0).toFloatArray();
            for (int b = 0; b < batch; b++) {
                double expected = bruteForce(probs[b], lengths[b], targets[b], 0);
                assertEquals(expected, loss[b], 1e-4, "utterance " + b);
            }
        }
    }

    @Test
    void gradientDescentThroughTheLossLearnsTheTarget() throws EngineUnavailableException {
        Engine engine = TensorRuntime.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray logits = manager.randomNormal(new Shape(1, 8, 5)).mul(0.1);
            logits.setRequiresGradient(true);
            int[][] target = {{3, 1, 4}};
            float before = 0;
            float after = 0;
            for (int step = 0; step < 60; step++) {
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray loss = CtcLoss.loss(logits.logSoftmax(2), new int[] {8}, target, 0).sum();
                    collector.backward(loss);
                    if (step == 0) {
                        before = loss.getFloat();
                    }
                    after = loss.getFloat();
                }
                NDArray gradient = logits.getGradient();
                assertTrue(!Float.isNaN(gradient.sum().getFloat()), "finite gradient");
                logits.subi(gradient.mul(1.0));
            }
            assertTrue(after < before / 4, "loss fell from " + before + " to " + after);
            // greedy decoding of the trained logits gives the target
            long[] best = logits.argMax(2).toLongArray();
            List<Long> collapsed = new ArrayList<>();
            long previous = -1;
            for (long token : best) {
                if (token != previous && token != 0) {
                    collapsed.add(token);
                }
                previous = token;
            }
            assertEquals(List.of(3L, 1L, 4L), collapsed);
        }
    }
}
