package io.promptwave.core.decode;

/**
 * Viterbi forced alignment of a token sequence to CTC log-probabilities: the single most probable
 * path that emits exactly these tokens, and the encoder frame at which each token is first
 * emitted and last held. The decoder's text is aligned this way to give words their times.
 */
public final class CtcAligner {
    private CtcAligner() {
    }

    /**
     * @param logProbs row-major {@code [frames, vocab]} log-probabilities of one utterance
     * @param frames valid frames
     * @param vocab classes
     * @param tokens the sequence to align (no blanks)
     * @param blank the blank class
     * @return {@code [tokens][2]}: first and last frame of each token, or null when the
     *     sequence does not fit in the frames
     */
    public static int[][] align(float[] logProbs, int frames, int vocab, int[] tokens, int blank) {
        int positions = 2 * tokens.length + 1;
        if (tokens.length == 0 || frames < tokens.length) {
            return null;
        }
        int[] ext = new int[positions];
        for (int s = 0; s < positions; s++) {
            ext[s] = s % 2 == 0 ? blank : tokens[s / 2];
        }
        double[] score = new double[positions];
        int[][] from = new int[frames][positions];
        java.util.Arrays.fill(score, Double.NEGATIVE_INFINITY);
        score[0] = logProbs[ext[0]];
        score[1] = logProbs[ext[1]];
        for (int t = 1; t < frames; t++) {
            double[] next = new double[positions];
            for (int s = 0; s < positions; s++) {
                double best = score[s];
                int arg = s;
                if (s > 0 && score[s - 1] > best) {
                    best = score[s - 1];
                    arg = s - 1;
                }
                if (s > 1 && ext[s] != blank && ext[s] != ext[s - 2] && score[s - 2] > best) {
                    best = score[s - 2];
                    arg = s - 2;
                }
                next[s] = best + logProbs[t * vocab + ext[s]];
                from[t][s] = arg;
            }
            score = next;
        }
        int s = score[positions - 1] >= score[positions - 2] ? positions - 1 : positions - 2;
        if (score[s] == Double.NEGATIVE_INFINITY) {
            return null;
        }
        int[][] spans = new int[tokens.length][];
        for (int t = frames - 1; t >= 0; t--) {
            if (s % 2 == 1) {
                int k = s / 2;
                if (spans[k] == null) {
                    spans[k] = new int[] {t, t};
                } else {
                    spans[k][0] = t;
                }
            }
            if (t > 0) {
                s = from[t][s];
            }
        }
        return spans;
    }
}
