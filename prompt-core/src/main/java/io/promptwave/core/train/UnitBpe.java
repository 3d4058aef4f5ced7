package io.promptwave.core.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte-pair encoding over unit strings, as Wav2Seq builds its pseudo subwords: the base symbols
 * are the k-means units {@code 0 .. k-1}; each merge joins the most frequent adjacent pair into a
 * new symbol {@code k, k+1, ...} (ties go to the smaller pair, so learning is deterministic).
 * Encoding applies the merges in the order they were learned. Immutable and thread-safe.
 */
public final class UnitBpe {
    private final int baseSymbols;
    private final int[][] merges;
    private final Map<Long, Integer> rank = new HashMap<>();

    /**
     * @param baseSymbols the number of k-means units
     * @param merges the learned pairs in order; merge {@code i} makes symbol {@code baseSymbols + i}
     */
    public UnitBpe(int baseSymbols, int[][] merges) {
        this.baseSymbols = baseSymbols;
        this.merges = new int[merges.length][];
        for (int i = 0; i < merges.length; i++) {
            int[] m = merges[i];
            if (m.length != 2 || m[0] < 0 || m[1] < 0 || m[0] >= baseSymbols + i || m[1] >= baseSymbols + i) {
                throw new IllegalArgumentException("merge " + i + " " + java.util.Arrays.toString(m)
                        + " joins symbols that do not exist yet");
            }
            this.merges[i] = m.clone();
            rank.put(key(m[0], m[1]), i);
        }
    }

    /**
     * Learns merges until the vocabulary has {@code vocabularySize} symbols or no pair occurs twice.
     *
     * @param sequences unit strings with repeats already merged
     * @param baseSymbols the number of k-means units
     * @param vocabularySize the target number of symbols, at least {@code baseSymbols}
     */
    public static UnitBpe learn(List<int[]> sequences, int baseSymbols, int vocabularySize) {
        if (vocabularySize < baseSymbols) {
            throw new IllegalArgumentException("vocabulary of " + vocabularySize + " is smaller than the "
                    + baseSymbols + " units");
        }
        List<int[]> work = new ArrayList<>();
        for (int[] s : sequences) {
            work.add(s.clone());
        }
        List<int[]> merges = new ArrayList<>();
        while (baseSymbols + merges.size() < vocabularySize) {
            Map<Long, Integer> counts = new HashMap<>();
            for (int[] s : work) {
                for (int i = 0; i + 1 < s.length; i++) {
                    counts.merge(key(s[i], s[i + 1]), 1, Integer::sum);
                }
            }
            long best = -1;
            int bestCount = 1;
            for (Map.Entry<Long, Integer> e : counts.entrySet()) {
                if (e.getValue() > bestCount || e.getValue() == bestCount && best >= 0 && e.getKey() < best) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (best < 0) {
                break;
            }
            int a = (int) (best >>> 32);
            int b = (int) best;
            int symbol = baseSymbols + merges.size();
            merges.add(new int[] {a, b});
            for (int i = 0; i < work.size(); i++) {
                work.set(i, replace(work.get(i), a, b, symbol));
            }
        }
        return new UnitBpe(baseSymbols, merges.toArray(new int[0][]));
    }

    /** @return the number of symbols: units plus merges */
    public int vocabularySize() {
        return baseSymbols + merges.length;
    }

    /** @return the number of k-means units */
    public int baseSymbols() {
        return baseSymbols;
    }

    /** @return a copy of the merges in order */
    public int[][] merges() {
        int[][] copy = new int[merges.length][];
        for (int i = 0; i < merges.length; i++) {
            copy[i] = merges[i].clone();
        }
        return copy;
    }

    /** @return the pseudo subwords of a unit string (repeats already merged) */
    public int[] encode(int[] units) {
        for (int u : units) {
            if (u < 0 || u >= baseSymbols) {
                throw new IllegalArgumentException("unit " + u + " outside 0.." + (baseSymbols - 1));
            }
        }
        int[] s = units.clone();
        while (s.length > 1) {
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < s.length; i++) {
                Integer r = rank.get(key(s[i], s[i + 1]));
                if (r != null && r < bestRank) {
                    bestRank = r;
                }
            }
            if (bestRank == Integer.MAX_VALUE) {
                break;
            }
            s = replace(s, merges[bestRank][0], merges[bestRank][1], baseSymbols + bestRank);
        }
        return s;
    }

    /** @return the units a pseudo subword stands for, in order */
    public int[] expand(int symbol) {
        if (symbol < baseSymbols) {
            return new int[] {symbol};
        }
        int[] left = expand(merges[symbol - baseSymbols][0]);
        int[] right = expand(merges[symbol - baseSymbols][1]);
        int[] out = java.util.Arrays.copyOf(left, left.length + right.length);
        System.arraycopy(right, 0, out, left.length, right.length);
        return out;
    }

    private static int[] replace(int[] s, int a, int b, int symbol) {
        int[] out = new int[s.length];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
                out[n++] = symbol;
                i++;
            } else {
                out[n++] = s[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }
}
