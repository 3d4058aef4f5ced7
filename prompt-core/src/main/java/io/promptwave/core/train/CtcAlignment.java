package io.promptwave.core.train;

import java.util.stream.IntStream;

/**
 * CTC (Graves et al. 2006) by the forward-backward algorithm on plain float arrays: the negative
 * log-likelihood of each utterance and its exact gradient with respect to the log-probabilities.
 *
 * <p>Why not {@link CtcLoss}: that one runs the recursion as one tensor operation per time step
 * and lets autograd record it, hundreds of small operations per batch in both directions. Here
 * the recursion is a tight loop in Java (rows in parallel), and the trainer feeds the gradient
 * back through a surrogate {@code sum(logProbs * gradient)}, whose derivative is that gradient.
 * The two agree to float precision (tested).
 *
 * @param losses negative log-likelihood per row ({@code +inf} where no alignment fits)
 * @param gradient {@code d loss / d logProbs}, the same layout as the input; zero past each row's length
 */
public record CtcAlignment(double[] losses, float[] gradient) {
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    /**
     * @param logProbs log-softmax outputs, row-major {@code [batch, time, vocab]}
     * @param batch rows
     * @param time padded time steps
     * @param vocab classes
     * @param lengths valid time steps per row
     * @param targets labels per row, none equal to {@code blank}
     * @param blank the blank class
     * @return losses and gradient
     */
    public static CtcAlignment compute(float[] logProbs, int batch, int time, int vocab, int[] lengths, int[][] targets,
            int blank) {
        if (logProbs.length != (long) batch * time * vocab) {
            throw new IllegalArgumentException(logProbs.length + " log-probabilities for [" + batch + ", " + time + ", "
                    + vocab + "]");
        }
        double[] losses = new double[batch];
        float[] gradient = new float[logProbs.length];
        IntStream.range(0, batch).parallel().forEach(b -> losses[b] = row(logProbs, b * time * vocab, vocab,
                lengths[b], targets[b], blank, gradient));
        return new CtcAlignment(losses, gradient);
    }

    private static double row(float[] lp, int base, int vocab, int length, int[] labels, int blank, float[] grad) {
        int positions = 2 * labels.length + 1;
        int[] ext = new int[positions];
        for (int s = 0; s < positions; s++) {
            ext[s] = s % 2 == 0 ? blank : labels[s / 2];
            if (s % 2 == 1 && ext[s] == blank) {
                throw new IllegalArgumentException("a target contains the blank " + blank);
            }
        }
        double[][] alpha = new double[length][positions];
        double[][] beta = new double[length][positions];
        for (double[] r : alpha) {
            java.util.Arrays.fill(r, NEG_INF);
        }
        for (double[] r : beta) {
            java.util.Arrays.fill(r, NEG_INF);
        }
        alpha[0][0] = lp[base + ext[0]];
        if (positions > 1) {
            alpha[0][1] = lp[base + ext[1]];
        }
        for (int t = 1; t < length; t++) {
            int off = base + t * vocab;
            for (int s = 0; s < positions; s++) {
                double a = alpha[t - 1][s];
                if (s > 0) {
                    a = logAdd(a, alpha[t - 1][s - 1]);
                }
                if (s > 1 && ext[s] != blank && ext[s] != ext[s - 2]) {
                    a = logAdd(a, alpha[t - 1][s - 2]);
                }
                alpha[t][s] = a == NEG_INF ? NEG_INF : a + lp[off + ext[s]];
            }
        }
        int last = length - 1;
        int lastOff = base + last * vocab;
        beta[last][positions - 1] = lp[lastOff + ext[positions - 1]];
        if (positions > 1) {
            beta[last][positions - 2] = lp[lastOff + ext[positions - 2]];
        }
        for (int t = last - 1; t >= 0; t--) {
            int off = base + t * vocab;
            for (int s = 0; s < positions; s++) {
                double b = beta[t + 1][s];
                if (s + 1 < positions) {
                    b = logAdd(b, beta[t + 1][s + 1]);
                }
                if (s + 2 < positions && ext[s] != blank && ext[s + 2] != ext[s]) {
                    b = logAdd(b, beta[t + 1][s + 2]);
                }
                beta[t][s] = b == NEG_INF ? NEG_INF : b + lp[off + ext[s]];
            }
        }
        double logLikelihood = alpha[last][positions - 1];
        if (positions > 1) {
            logLikelihood = logAdd(logLikelihood, alpha[last][positions - 2]);
        }
        if (logLikelihood == NEG_INF) {
            return Double.POSITIVE_INFINITY; // too short for the target: no gradient
        }
        for (int t = 0; t < length; t++) {
            int off = base + t * vocab;
            for (int s = 0; s < positions; s++) {
                double ab = alpha[t][s] + beta[t][s];
                if (ab == NEG_INF) {
                    continue;
                }
                // alpha and beta both include the emission at t, so divide it out once
                double occupancy = Math.exp(ab - lp[off + ext[s]] - logLikelihood);
                grad[off + ext[s]] -= (float) occupancy;
            }
        }
        return -logLikelihood;
    }

    private static double logAdd(double a, double b) {
        if (a == NEG_INF) {
            return b;
        }
        if (b == NEG_INF) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
