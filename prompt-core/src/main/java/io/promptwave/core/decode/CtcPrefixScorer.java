package io.promptwave.core.decode;

import java.util.Arrays;

/**
 * CTC prefix scores for joint CTC/attention beam search (Watanabe et al., 2017): the probability,
 * under the encoder's CTC head, of all label sequences that begin with a given prefix. A decoder
 * hypothesis that babbles words the audio does not hold gets a prefix probability near zero, which
 * is what stops the insertions a weak attention decoder makes.
 *
 * <p>A {@link State} holds, for one prefix, the forward variables over the frames: the log
 * probability of having emitted exactly the prefix by frame {@code t} and ending in a label or in
 * a blank. Extending a prefix by one token is one pass over the frames.
 */
public final class CtcPrefixScorer {
    private final float[] logProbs;
    private final int frames;
    private final int vocab;
    private final int blank;

    /**
     * The forward variables of one prefix.
     *
     * @param label log P(prefix, path ends in its last label at frame t)
     * @param blankEnd log P(prefix, path ends in a blank at frame t)
     * @param prefixScore log P(prefix is the beginning of the label sequence)
     * @param lastToken the prefix's last token, or -1 for the empty prefix
     */
    public record State(double[] label, double[] blankEnd, double prefixScore, int lastToken) {
    }

    /**
     * @param logProbs row-major {@code [frames, vocab]} CTC log-probabilities of one utterance
     * @param frames valid frames (at least 1)
     * @param vocab classes
     * @param blank the blank class
     */
    public CtcPrefixScorer(float[] logProbs, int frames, int vocab, int blank) {
        if (frames < 1 || logProbs.length < (long) frames * vocab) {
            throw new IllegalArgumentException("need " + frames + " x " + vocab + " log-probabilities, got "
                    + logProbs.length);
        }
        this.logProbs = logProbs;
        this.frames = frames;
        this.vocab = vocab;
        this.blank = blank;
    }

    /** @return the state of the empty prefix: all blanks so far */
    public State initial() {
        double[] label = new double[frames];
        double[] blankEnd = new double[frames];
        Arrays.fill(label, Double.NEGATIVE_INFINITY);
        double sum = 0;
        for (int t = 0; t < frames; t++) {
            sum += logProbs[t * vocab + blank];
            blankEnd[t] = sum;
        }
        return new State(label, blankEnd, 0, -1);
    }

    /**
     * @param prefix a prefix's state
     * @param token the token appended (not the blank)
     * @return the state of {@code prefix + token}
     */
    public State extend(State prefix, int token) {
        double[] label = new double[frames];
        double[] blankEnd = new double[frames];
        boolean repeat = token == prefix.lastToken();
        // at frame 0 the new token can only start when the prefix is empty
        label[0] = prefix.lastToken() < 0 ? logProbs[token] : Double.NEGATIVE_INFINITY;
        blankEnd[0] = Double.NEGATIVE_INFINITY;
        double score = label[0];
        for (int t = 1; t < frames; t++) {
            // paths that have emitted the whole prefix by t-1 and may start the token at t; a repeated
            // token needs a blank between the two
            double before = repeat ? prefix.blankEnd()[t - 1] : logAdd(prefix.blankEnd()[t - 1], prefix.label()[t - 1]);
            double emit = logProbs[t * vocab + token];
            label[t] = logAdd(label[t - 1], before) + emit;
            blankEnd[t] = logAdd(blankEnd[t - 1], label[t - 1]) + logProbs[t * vocab + blank];
            score = logAdd(score, before + emit);
        }
        return new State(label, blankEnd, score, token);
    }

    /** @return log P(the label sequence is exactly this prefix) */
    public double finalScore(State prefix) {
        return logAdd(prefix.label()[frames - 1], prefix.blankEnd()[frames - 1]);
    }

    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
