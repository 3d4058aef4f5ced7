package io.promptwave.core.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Word and character error rates by Levenshtein alignment. Among alignments of equal cost the
 * one with the most substitutions is kept (as sclite and jiwer count), so "a b" against "c"
 * is one substitution and one deletion, not two deletions and an insertion.
 */
public final class ErrorRate {
    private ErrorRate() {
    }

    /** @return the word errors of {@code hypothesis} against {@code reference}, both normalised first */
    public static ErrorCounts words(String reference, String hypothesis) {
        return align(tokens(ScoringNormalizer.normalize(reference)), tokens(ScoringNormalizer.normalize(hypothesis)));
    }

    /** @return the character errors (spaces count as characters), both normalised first */
    public static ErrorCounts characters(String reference, String hypothesis) {
        return align(chars(ScoringNormalizer.normalize(reference)), chars(ScoringNormalizer.normalize(hypothesis)));
    }

    /**
     * @return the character errors of the texts exactly as written: case, punctuation and spacing
     *     count (for reading text lines, where they are part of the task)
     */
    public static ErrorCounts exactCharacters(String reference, String hypothesis) {
        return align(chars(reference), chars(hypothesis));
    }

    private static List<String> tokens(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    /** @return the code points of {@code s}, one string each */
    static List<String> chars(String s) {
        List<String> out = new ArrayList<>();
        s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        return out;
    }

    /** Dynamic programming over (cost, substitutions) pairs; O(n m) time, O(m) memory. */
    static ErrorCounts align(List<String> ref, List<String> hyp) {
        int m = hyp.size();
        long[] cost = new long[m + 1];
        long[] subs = new long[m + 1];
        long[] dels = new long[m + 1];
        long[] ins = new long[m + 1];
        for (int j = 0; j <= m; j++) {
            cost[j] = j;
            ins[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            long diagCost = cost[0];
            long diagSubs = subs[0];
            long diagDels = dels[0];
            long diagIns = ins[0];
            cost[0] = i;
            dels[0] = i;
            subs[0] = 0;
            ins[0] = 0;
            for (int j = 1; j <= m; j++) {
                boolean same = ref.get(i - 1).equals(hyp.get(j - 1));
                // candidates: diagonal (match or substitution), up (deletion), left (insertion)
                long dCost = diagCost + (same ? 0 : 1);
                long dSubs = diagSubs + (same ? 0 : 1);
                long upCost = cost[j] + 1;
                long leftCost = cost[j - 1] + 1;
                long bestCost = Math.min(dCost, Math.min(upCost, leftCost));
                long nextDiagCost = cost[j];
                long nextDiagSubs = subs[j];
                long nextDiagDels = dels[j];
                long nextDiagIns = ins[j];
                if (dCost == bestCost) {
                    cost[j] = dCost;
                    subs[j] = dSubs;
                    dels[j] = diagDels;
                    ins[j] = diagIns;
                } else if (upCost == bestCost) {
                    cost[j] = upCost;
                    dels[j] = dels[j] + 1;
                } else {
                    cost[j] = leftCost;
                    subs[j] = subs[j - 1];
                    dels[j] = dels[j - 1];
                    ins[j] = ins[j - 1] + 1;
                }
                diagCost = nextDiagCost;
                diagSubs = nextDiagSubs;
                diagDels = nextDiagDels;
                diagIns = nextDiagIns;
            }
        }
        return new ErrorCounts(subs[m], dels[m], ins[m], ref.size());
    }
}
