package io.promptwave.core.decode;

/**
 * One decoded output: its tokens (without the forced task prefix and the end token) and the log-probability
 * the model gave each.
 *
 * @param tokens token ids
 * @param logProbs natural-log probability of each token, in the same order
 * @param endLogProb log-probability of the end token ({@code 0} when the length limit cut decoding)
 */
public record Hypothesis(int[] tokens, float[] logProbs, float endLogProb) {

    /** @return the sum of the token and end log-probabilities */
    public double score() {
        double s = endLogProb;
        for (float p : logProbs) {
            s += p;
        }
        return s;
    }

    /** @return the geometric-mean token probability, a confidence in [0, 1] */
    public double confidence() {
        int n = logProbs.length + 1;
        return Math.exp(score() / n);
    }
}
