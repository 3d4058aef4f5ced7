package io.promptwave.core.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte-level n-gram language model with interpolated Kneser-Ney smoothing, for shallow fusion in
 * beam search: the decoder writes UTF-8 bytes, so the model scores exactly the tokens it proposes,
 * and a misspelt word ("shold") costs what the text says it should. Immutable and thread-safe.
 *
 * <p>Symbols are the 256 byte values plus a sentence boundary (256), which pads the start of every
 * sentence and is predicted at its end. An n-gram of up to 7 symbols is a {@code long} of 9-bit
 * fields (symbol + 1, oldest first), so its context is {@code key >>> 9} and its suffixes are masks.
 * Only the highest order's counts are stored; every lower order's Kneser-Ney continuation counts
 * (how many distinct symbols precede an n-gram) follow from them, and are rebuilt when loading.
 */
public final class CharNgramModel {
    /** The sentence boundary symbol, after the 256 bytes. */
    public static final int BOUNDARY = 256;
    /** The largest order a key of 9-bit fields can hold in 63 bits. */
    public static final int MAX_ORDER = 7;
    private static final int SYMBOLS = 257;

    private final String language;
    private final TextForm form;
    private final int order;
    private final long sentences;
    private final long[] keys;
    private final long[] counts;
    // index k (1..order): counts of k-grams (raw at the top order, continuation below) and, per
    // context of k-1 symbols, its total and its number of distinct followers packed in one long
    private final LongCounts[] grams;
    private final LongCounts[] contexts;
    private final double[] discount;

    private CharNgramModel(String language, TextForm form, int order, long sentences, long[] keys, long[] counts) {
        this.language = language;
        this.form = form;
        this.order = order;
        this.sentences = sentences;
        this.keys = keys;
        this.counts = counts;
        this.grams = new LongCounts[order + 1];
        this.contexts = new LongCounts[order + 1];
        this.discount = new double[order + 1];
        grams[order] = new LongCounts(keys.length);
        for (int i = 0; i < keys.length; i++) {
            grams[order].add(keys[i], counts[i]);
        }
        for (int k = order - 1; k >= 1; k--) {
            LongCounts higher = grams[k + 1];
            LongCounts lower = new LongCounts(higher.size());
            long mask = mask(k);
            higher.forEach((key, count) -> lower.add(key & mask, 1));
            grams[k] = lower;
        }
        for (int k = 1; k <= order; k++) {
            LongCounts ctx = new LongCounts(grams[k].size());
            long[] ofCounts = new long[3];
            grams[k].forEach((key, count) -> {
                ctx.add(key >>> 9, (count << 32) | 1);
                if (count <= 2) {
                    ofCounts[(int) count]++;
                }
            });
            contexts[k] = ctx;
            // Ney's estimate from the count-of-counts; 0.5 when an order is too small to have both
            double d = ofCounts[1] + 2 * ofCounts[2] == 0 ? 0.5
                    : ofCounts[1] / (double) (ofCounts[1] + 2 * ofCounts[2]);
            discount[k] = Math.min(0.95, Math.max(0.05, d));
        }
    }

    /**
     * Counts the n-grams of {@code sentences}.
     *
     * @param sentences normalised text, one sentence per element (as the transcripts are written)
     * @param order n, 2 to {@link #MAX_ORDER}
     * @param language the language code the text is in, e.g. {@code en}
     * @return the model
     * @throws IllegalArgumentException for an order out of range or no non-empty sentence
     */
    public static CharNgramModel fit(Iterable<String> sentences, int order, String language) {
        return fit(sentences, order, language, TextForm.SPOKEN);
    }

    /**
     * Counts the n-grams of {@code sentences} written in the given form.
     *
     * @param sentences text, one sentence per element, written as {@code form} says
     * @param order n, 2 to {@link #MAX_ORDER}
     * @param language the language code the text is in, e.g. {@code en}
     * @param form how the text is written: it decides which rows the model scores
     * @return the model
     * @throws IllegalArgumentException for an order out of range or no non-empty sentence
     */
    public static CharNgramModel fit(Iterable<String> sentences, int order, String language, TextForm form) {
        checkOrder(order);
        LongCounts top = new LongCounts(1 << 16);
        long mask = mask(order);
        long n = 0;
        for (String sentence : sentences) {
            if (sentence.isBlank()) {
                continue;
            }
            n++;
            long key = start(order);
            for (byte b : sentence.strip().getBytes(StandardCharsets.UTF_8)) {
                key = ((key << 9) | ((b & 0xff) + 1)) & mask;
                top.add(key, 1);
            }
            top.add(((key << 9) | (BOUNDARY + 1)) & mask, 1);
        }
        if (n == 0) {
            throw new IllegalArgumentException("no text to count: every sentence is empty");
        }
        long[][] sorted = top.sortedEntries();
        return new CharNgramModel(language, form, order, n, sorted[0], sorted[1]);
    }

    private static void checkOrder(int order) {
        if (order < 2 || order > MAX_ORDER) {
            throw new IllegalArgumentException("n-gram order must be 2 to " + MAX_ORDER + ", got " + order);
        }
    }

    private static long mask(int symbols) {
        return symbols == 0 ? 0 : (1L << (9 * symbols)) - 1;
    }

    /** A context of {@code symbols} boundaries: the start of a sentence. */
    private static long start(int symbols) {
        long key = 0;
        for (int i = 0; i < symbols - 1; i++) {
            key = (key << 9) | (BOUNDARY + 1);
        }
        return key;
    }

    /** @return the language of the text it was fitted on */
    public String language() {
        return language;
    }

    /** @return how the text it was fitted on is written */
    public TextForm form() {
        return form;
    }

    /** @return n */
    public int order() {
        return order;
    }

    /** @return how many sentences it was fitted on */
    public long sentences() {
        return sentences;
    }

    /** @return distinct n-grams of the highest order (what the file stores) */
    public int storedNgrams() {
        return keys.length;
    }

    /** @return the state at the start of a sentence */
    public long initial() {
        return start(order);
    }

    /**
     * @param state a state from {@link #initial} or this method
     * @param symbol a byte (0-255)
     * @return the state after it
     */
    public long next(long state, int symbol) {
        return ((state << 9) | (symbol + 1)) & mask(order - 1);
    }

    /**
     * @param state the history
     * @param symbol a byte (0-255) or {@link #BOUNDARY} for the end of the sentence
     * @return the natural log of its probability after the history; never -infinity, because every
     *     order is interpolated down to the uniform distribution over the 257 symbols
     */
    public double logProb(long state, int symbol) {
        if (symbol < 0 || symbol > BOUNDARY) {
            throw new IllegalArgumentException("symbol " + symbol + " is neither a byte nor the boundary");
        }
        double p = 1.0 / SYMBOLS;
        for (int k = 1; k <= order; k++) {
            long context = state & mask(k - 1);
            long stats = contexts[k].get(context);
            if (stats == 0) {
                // a longer context holds this one as its suffix, so it is unseen too
                break;
            }
            double total = stats >>> 32;
            long followers = stats & 0xffffffffL;
            long count = grams[k].get((context << 9) | (symbol + 1));
            p = (Math.max(count - discount[k], 0) + discount[k] * followers * p) / total;
        }
        return Math.log(p);
    }

    /**
     * @param text a sentence
     * @return the natural log of its probability, boundary included
     */
    public double logProb(String text) {
        long state = initial();
        double sum = 0;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            sum += logProb(state, b & 0xff);
            state = next(state, b & 0xff);
        }
        return sum + logProb(state, BOUNDARY);
    }

    /**
     * Rebuilds a model from the counts {@link #ngrams} and {@link #counts} gave (what a file stores).
     *
     * @param language language code
     * @param form how its text is written
     * @param order n
     * @param sentences sentences it was fitted on
     * @param ngrams the highest order's n-grams as keys of 9-bit fields, ascending
     * @param counts their counts
     * @return the model
     * @throws IllegalArgumentException naming the first key that is out of order, out of range or has no count
     */
    public static CharNgramModel of(String language, TextForm form, int order, long sentences, long[] ngrams,
            long[] counts) {
        checkOrder(order);
        if (ngrams.length != counts.length || ngrams.length == 0) {
            throw new IllegalArgumentException(ngrams.length + " n-grams with " + counts.length + " counts");
        }
        long limit = mask(order);
        for (int i = 0; i < ngrams.length; i++) {
            if (ngrams[i] <= (i == 0 ? 0 : ngrams[i - 1]) || ngrams[i] > limit || counts[i] < 1) {
                throw new IllegalArgumentException("n-gram " + i + " is out of order or range, or has count "
                        + counts[i]);
            }
        }
        return new CharNgramModel(language, form, order, sentences, ngrams.clone(), counts.clone());
    }

    /** @return the highest order's n-grams, ascending (a copy) */
    public long[] ngrams() {
        return keys.clone();
    }

    /** @return their counts (a copy) */
    public long[] counts() {
        return counts.clone();
    }

    /** An open-addressing map from non-zero {@code long} keys to {@code long} sums; 0 means absent. */
    private static final class LongCounts {
        private long[] keys;
        private long[] values;
        private int size;

        LongCounts(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            keys = new long[capacity];
            values = new long[capacity];
        }

        int size() {
            return size;
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 29)) & mask;
        }

        long get(long key) {
            int mask = keys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return values[i];
                }
                if (keys[i] == 0 && values[i] == 0) {
                    // key 0 (the empty context) is stored like any other: an empty slot has value 0 too
                    return 0;
                }
            }
        }

        void add(long key, long delta) {
            int mask = keys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                if (keys[i] == key && (values[i] != 0 || key != 0)) {
                    values[i] += delta;
                    return;
                }
                if (keys[i] == 0 && values[i] == 0) {
                    keys[i] = key;
                    values[i] = delta;
                    if (++size * 2 > keys.length) {
                        grow();
                    }
                    return;
                }
            }
        }

        private void grow() {
            long[] oldKeys = keys;
            long[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new long[oldValues.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0 || oldValues[i] != 0) {
                    add(oldKeys[i], oldValues[i]);
                }
            }
        }

        interface Entry {
            void accept(long key, long value);
        }

        void forEach(Entry action) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0 || values[i] != 0) {
                    action.accept(keys[i], values[i]);
                }
            }
        }

        long[][] sortedEntries() {
            long[] k = new long[size];
            int j = 0;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0 || values[i] != 0) {
                    k[j++] = keys[i];
                }
            }
            Arrays.sort(k);
            long[] v = new long[size];
            for (int i = 0; i < size; i++) {
                v[i] = get(k[i]);
            }
            return new long[][] {k, v};
        }
    }
}
