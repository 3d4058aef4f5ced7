package io.promptwave.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Connectionist temporal classification loss (Graves et al. 2006) in DJL NDArray operations, so
 * that autograd differentiates it: DJL 0.36 has no CTC loss of its own. The forward algorithm
 * runs in log space over the blank-interleaved targets, one time step per iteration, vectorised
 * over the batch and the target positions; utterances shorter than the batch keep their last
 * forward variables. Returns the negative log-likelihood of each utterance.
 */
public final class CtcLoss {
    /** Stands for log(0): finite, so that log-sum-exp never meets inf - inf. */
    private static final float LOG_ZERO = -1e30f;

    private CtcLoss() {
    }

    /**
     * @param logProbs log-probabilities {@code [batch, time, vocabulary]} (log-softmax applied)
     * @param inputLengths valid time steps per utterance
     * @param targets label ids per utterance, none equal to {@code blank}
     * @param blank the blank id
     * @return {@code [batch]} negative log-likelihoods; {@code +1e30} where no alignment fits
     */
    public static NDArray loss(NDArray logProbs, int[] inputLengths, int[][] targets, int blank) {
        NDManager manager = logProbs.getManager();
        Shape shape = logProbs.getShape();
        int batch = (int) shape.get(0);
        int time = (int) shape.get(1);
        if (inputLengths.length != batch || targets.length != batch) {
            throw new IllegalArgumentException("batch of " + batch + " with " + inputLengths.length + " lengths and "
                    + targets.length + " targets");
        }
        int maxLabels = 0;
        for (int[] t : targets) {
            maxLabels = Math.max(maxLabels, t.length);
        }
        int positions = 2 * maxLabels + 1;
        long[] extended = new long[batch * positions];
        boolean[] skip = new boolean[batch * positions];
        long[] ends = new long[batch * 2];
        boolean[] twoEnds = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            if (inputLengths[b] < 1 || inputLengths[b] > time) {
                throw new IllegalArgumentException("input length " + inputLengths[b] + " outside 1.." + time);
            }
            int[] labels = targets[b];
            for (int s = 0; s < positions; s++) {
                boolean isLabel = s % 2 == 1 && s / 2 < labels.length;
                int label = isLabel ? labels[s / 2] : blank;
                if (isLabel && label == blank) {
                    throw new IllegalArgumentException("target " + b + " contains the blank " + blank);
                }
                extended[b * positions + s] = label;
                // a label may follow the label two positions back unless they are equal
                skip[b * positions + s] = isLabel && s >= 2 && labels[s / 2 - 1] != label;
            }
            int last = 2 * labels.length;
            ends[2 * b] = last;
            ends[2 * b + 1] = Math.max(0, last - 1);
            // positions past a shorter target may fill up, but transitions only run forward, so
            // they never feed the two end positions that are read
            twoEnds[b] = labels.length > 0;
        }
        NDArray index = manager.create(extended, new Shape(batch, 1, positions))
                .broadcast(batch, time, positions);
        NDArray emissions = logProbs.gather(index, 2);
        NDArray skipMask = manager.create(skip, new Shape(batch, positions));
        NDArray logZeroColumn = manager.full(new Shape(batch, 1), LOG_ZERO);
        NDArray logZeroTwo = manager.full(new Shape(batch, 2), LOG_ZERO);

        // t = 0: start in the leading blank or the first label
        boolean[] startMask = new boolean[batch * positions];
        for (int b = 0; b < batch; b++) {
            startMask[b * positions] = true;
            startMask[b * positions + 1] = positions > 1 && targets[b].length > 0;
        }
        NDArray first = emissions.get(":, 0, :");
        NDArray alpha = NDArrays.where(manager.create(startMask, new Shape(batch, positions)), first,
                manager.full(new Shape(batch, positions), LOG_ZERO));
        for (int t = 1; t < time; t++) {
            NDArray stay = alpha;
            NDArray step = logZeroColumn.concat(alpha.get(":, :-1"), 1);
            NDArray jump = positions > 2 ? logZeroTwo.concat(alpha.get(":, :-2"), 1) : manager.full(alpha.getShape(), LOG_ZERO);
            jump = NDArrays.where(skipMask, jump, manager.full(alpha.getShape(), LOG_ZERO));
            NDArray next = logSumExp(stay, step, jump).add(emissions.get(":, " + t + ", :"));
            boolean[] active = new boolean[batch];
            for (int b = 0; b < batch; b++) {
                active[b] = t < inputLengths[b];
            }
            NDArray keep = manager.create(active, new Shape(batch, 1)).broadcast(batch, positions);
            alpha = NDArrays.where(keep, next, alpha);
        }
        // a path ends in the last label or the trailing blank (only the blank for an empty target)
        NDArray endValues = alpha.gather(manager.create(ends, new Shape(batch, 2)), 1);
        boolean[] both = new boolean[batch * 2];
        for (int b = 0; b < batch; b++) {
            both[2 * b] = true;
            both[2 * b + 1] = twoEnds[b];
        }
        endValues = NDArrays.where(manager.create(both, new Shape(batch, 2)), endValues, logZeroTwo);
        NDArray a = endValues.get(":, 0");
        NDArray b = endValues.get(":, 1");
        NDArray m = a.maximum(b);
        NDArray logLikelihood = m.add(a.sub(m).exp().add(b.sub(m).exp()).log());
        return logLikelihood.neg().toType(DataType.FLOAT32, false);
    }

    private static NDArray logSumExp(NDArray a, NDArray b, NDArray c) {
        NDArray m = a.maximum(b).maximum(c);
        return m.add(a.sub(m).exp().add(b.sub(m).exp()).add(c.sub(m).exp()).log());
    }
}
