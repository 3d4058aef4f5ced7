package io.promptwave.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.core.train.CtcAlignment;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcPrefixScorerTest {
    private static final int FRAMES = 7;
    private static final int VOCAB = 4;

    /** Random log-softmax rows, {@code [FRAMES, VOCAB]}. */
    private static float[] logProbs(long seed) {
        Random random = new Random(seed);
        float[] lp = new float[FRAMES * VOCAB];
        for (int t = 0; t < FRAMES; t++) {
            double sum = 0;
            double[] e = new double[VOCAB];
            for (int k = 0; k < VOCAB; k++) {
                e[k] = Math.exp(2 * random.nextGaussian());
                sum += e[k];
            }
            for (int k = 0; k < VOCAB; k++) {
                lp[t * VOCAB + k] = (float) Math.log(e[k] / sum);
            }
        }
        return lp;
    }

    @Test
    void theFinalScoreOfASequenceIsMinusItsCtcLoss() {
        float[] lp = logProbs(3);
        CtcPrefixScorer scorer = new CtcPrefixScorer(lp, FRAMES, VOCAB, 0);
        int[][] sequences = {{1}, {1, 2}, {2, 2}, {1, 2, 3, 1}, {3, 3, 3}};
        for (int[] labels : sequences) {
            CtcPrefixScorer.State s = scorer.initial();
            for (int token : labels) {
                s = scorer.extend(s, token);
            }
            double loss = CtcAlignment.compute(lp, 1, FRAMES, VOCAB, new int[] {FRAMES}, new int[][] {labels}, 0)
                    .losses()[0];
            assertEquals(-loss, scorer.finalScore(s), 1e-4, java.util.Arrays.toString(labels));
        }
    }

    @Test
    void aPrefixSplitsIntoItsEndAndItsExtensions() {
        // P(prefix h) = P(exactly h) + sum over tokens c of P(prefix h + c)
        float[] lp = logProbs(8);
        CtcPrefixScorer scorer = new CtcPrefixScorer(lp, FRAMES, VOCAB, 0);
        CtcPrefixScorer.State empty = scorer.initial();
        CtcPrefixScorer.State one = scorer.extend(empty, 2);
        CtcPrefixScorer.State two = scorer.extend(one, 2);
        for (CtcPrefixScorer.State h : new CtcPrefixScorer.State[] {empty, one, two}) {
            double total = scorer.finalScore(h);
            for (int c = 1; c < VOCAB; c++) {
                total = CtcPrefixScorer.logAdd(total, scorer.extend(h, c).prefixScore());
            }
            assertEquals(h.prefixScore(), total, 1e-6);
        }
        assertEquals(0, empty.prefixScore());
        assertTrue(two.prefixScore() < one.prefixScore(), "a longer prefix is less probable");
    }

    @Test
    void tooFewLogProbabilitiesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CtcPrefixScorer(new float[10], 3, VOCAB, 0));
        assertEquals("need 3 x 4 log-probabilities, got 10", e.getMessage());
    }
}
