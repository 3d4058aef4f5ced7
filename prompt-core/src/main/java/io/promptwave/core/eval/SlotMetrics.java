package io.promptwave.core.eval;

import io.promptwave.core.slots.Slot;
import java.util.ArrayList;
import java.util.List;

/**
 * Slot-filling scores over a set of utterances, as SLURP defines them (micro-averaged over slot
 * types):
 * <ul>
 *   <li>intent accuracy;</li>
 *   <li>exact slot F1: a predicted slot counts only when a gold slot has the same type and the
 *       same words;</li>
 *   <li>word-distance and character-distance F1: a predicted slot whose type is among the gold
 *       slots is matched to the gold slot of that type whose words are nearest, and counts as one
 *       true positive plus the distance {@code d} as both a false positive and a false negative;
 *       {@code d} is the word error rate of the predicted words against the gold words (not capped at
 *       1, as in SLURP) or their normalised Levenshtein distance ({@code edits / max(lengths)});
 *       predicted slots of a type not in the gold are false positives, gold slots left over are
 *       false negatives;</li>
 *   <li>SLU-F1: the F1 of the word and character confusion counts added together.</li>
 * </ul>
 * Words and characters are compared as written (no normalisation), as SLURP's scorer does. Not
 * thread-safe: one instance accumulates one evaluation.
 */
public final class SlotMetrics {
    private long utterances;
    private long intentsRight;
    private Counts exact = Counts.ZERO;
    private Counts word = Counts.ZERO;
    private Counts character = Counts.ZERO;

    /**
     * True positives, false positives and false negatives (fractional for the distance measures).
     *
     * @param truePositives matched slots
     * @param falsePositives predicted slots not (fully) in the gold
     * @param falseNegatives gold slots not (fully) predicted
     */
    public record Counts(double truePositives, double falsePositives, double falseNegatives) {
        /** No slots. */
        public static final Counts ZERO = new Counts(0, 0, 0);

        Counts plus(double tp, double fp, double fn) {
            return new Counts(truePositives + tp, falsePositives + fp, falseNegatives + fn);
        }

        Counts plus(Counts o) {
            return plus(o.truePositives, o.falsePositives, o.falseNegatives);
        }

        /** @return tp / (tp + fp); 0 when nothing was predicted */
        public double precision() {
            return truePositives == 0 && falsePositives == 0 ? 0 : truePositives / (truePositives + falsePositives);
        }

        /** @return tp / (tp + fn); 0 when there was nothing to find */
        public double recall() {
            return truePositives == 0 && falseNegatives == 0 ? 0 : truePositives / (truePositives + falseNegatives);
        }

        /** @return the harmonic mean of precision and recall (0 when both are 0) */
        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /**
     * Adds one utterance.
     *
     * @param goldIntent the reference intent
     * @param gold the reference slots
     * @param predictedIntent the predicted intent (null counts as wrong)
     * @param predicted the predicted slots
     */
    public void add(String goldIntent, List<Slot> gold, String predictedIntent, List<Slot> predicted) {
        utterances++;
        if (goldIntent.equals(predictedIntent)) {
            intentsRight++;
        }
        exact = exact.plus(exactCounts(gold, predicted));
        word = word.plus(distanceCounts(gold, predicted, true));
        character = character.plus(distanceCounts(gold, predicted, false));
    }

    /** @return utterances added */
    public long utterances() {
        return utterances;
    }

    /** @return the share of utterances whose intent was right (0 when none were added) */
    public double intentAccuracy() {
        return utterances == 0 ? 0 : (double) intentsRight / utterances;
    }

    /** @return exact type-and-words matches */
    public Counts exact() {
        return exact;
    }

    /** @return the word-distance counts (SLURP's Word-F1) */
    public Counts wordDistance() {
        return word;
    }

    /** @return the character-distance counts (SLURP's Char-F1) */
    public Counts characterDistance() {
        return character;
    }

    /** @return SLU-F1: the F1 of the word and character counts added together */
    public double sluF1() {
        return word.plus(character).f1();
    }

    private static Counts exactCounts(List<Slot> gold, List<Slot> predicted) {
        List<Slot> left = new ArrayList<>(gold);
        double tp = 0;
        double fp = 0;
        for (Slot p : predicted) {
            int match = -1;
            for (int g = 0; g < left.size() && match < 0; g++) {
                if (left.get(g).type().equals(p.type()) && left.get(g).value().equals(p.value())) {
                    match = g;
                }
            }
            if (match >= 0) {
                tp++;
                left.remove(match);
            } else {
                fp++;
            }
        }
        return new Counts(tp, fp, left.size());
    }

    private static Counts distanceCounts(List<Slot> gold, List<Slot> predicted, boolean words) {
        List<Slot> left = new ArrayList<>(gold);
        double tp = 0;
        double fp = 0;
        double fn = 0;
        for (Slot p : predicted) {
            int nearest = -1;
            double lowest = Double.POSITIVE_INFINITY;
            for (int g = 0; g < left.size(); g++) {
                if (left.get(g).type().equals(p.type())) {
                    double d = distance(left.get(g).value(), p.value(), words);
                    if (d < lowest) {
                        lowest = d;
                        nearest = g;
                    }
                }
            }
            if (nearest >= 0) {
                tp += 1;
                fp += lowest;
                fn += lowest;
                left.remove(nearest);
            } else {
                fp += 1;
            }
        }
        return new Counts(tp, fp, fn + left.size());
    }

    /** Word error rate of {@code predicted} against {@code gold}, or their normalised Levenshtein distance. */
    static double distance(String gold, String predicted, boolean words) {
        if (words) {
            List<String> g = List.of(gold.trim().split("\\s+"));
            List<String> p = predicted.isBlank() ? List.of() : List.of(predicted.trim().split("\\s+"));
            return (double) ErrorRate.align(g, p).errors() / g.size();
        }
        List<String> g = ErrorRate.chars(gold);
        List<String> p = ErrorRate.chars(predicted);
        int longest = Math.max(g.size(), p.size());
        return longest == 0 ? 0 : (double) ErrorRate.align(g, p).errors() / longest;
    }
}
