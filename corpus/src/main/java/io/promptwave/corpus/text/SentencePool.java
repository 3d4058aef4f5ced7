package io.promptwave.corpus.text;

import io.promptwave.corpus.Checksums;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct spoken sentences of a set of text files, and their stable partition.
 *
 * <p>Every spoken sentence falls in one of 100 buckets by a hash of its words alone (no seed), so
 * the same sentence lands in the same bucket in every corpus of every run. Corpora that must not
 * share sentences draw from disjoint bucket ranges (en-test 0-3, en-newvoice 4-15, en-pretrain
 * 16-99), which holds however they are generated. Within a pool, {@link #shuffled} orders the
 * sentences by a seeded hash: deterministic, and independent of file order.
 */
public final class SentencePool {
    /** Number of partition buckets. */
    public static final int BUCKETS = 100;
    private static final String PARTITION_SALT = "promptwave-sentence-partition-v1\n";

    private final List<Sentence> sentences;

    private SentencePool(List<Sentence> sentences) {
        this.sentences = sentences;
    }

    /**
     * Reads every file, turns each sentence into spoken form and keeps the first occurrence of
     * each distinct spoken sentence (files in the given order).
     *
     * @param files fortune files
     * @param spokenForm the language's rules
     * @param minChars shortest spoken sentence kept
     * @param maxChars longest spoken sentence kept
     */
    public static SentencePool read(List<Path> files, SpokenForm spokenForm, int minChars, int maxChars)
            throws IOException {
        Map<String, Sentence> distinct = new LinkedHashMap<>();
        for (Path file : files) {
            for (String written : FortuneSentences.read(file)) {
                spokenForm.speak(written).filter(s -> s.length() >= minChars && s.length() <= maxChars)
                        .ifPresent(s -> distinct.putIfAbsent(s, new Sentence(s, written, file.getFileName().toString())));
            }
        }
        return new SentencePool(List.copyOf(distinct.values()));
    }

    /** @return a pool holding exactly these sentences (for tests and generated texts) */
    public static SentencePool of(List<Sentence> sentences) {
        return new SentencePool(List.copyOf(sentences));
    }

    /** @return every distinct sentence */
    public List<Sentence> all() {
        return sentences;
    }

    /** @return the sentences whose bucket lies in [from, to) */
    public SentencePool buckets(int from, int to) {
        List<Sentence> kept = new ArrayList<>();
        for (Sentence s : sentences) {
            int bucket = bucket(s.spoken());
            if (bucket >= from && bucket < to) {
                kept.add(s);
            }
        }
        return new SentencePool(kept);
    }

    /** @return the sentences in an order fixed by {@code seed} alone */
    public List<Sentence> shuffled(long seed) {
        List<Sentence> copy = new ArrayList<>(sentences);
        String salt = "seed " + seed + "\n";
        Map<Sentence, BigInteger> keys = new java.util.HashMap<>();
        for (Sentence s : copy) {
            keys.put(s, new BigInteger(1, sha256(salt + s.spoken())));
        }
        copy.sort(Comparator.comparing(keys::get));
        return copy;
    }

    /** @return the partition bucket of a spoken sentence, 0 to 99 */
    public static int bucket(String spoken) {
        return new BigInteger(1, sha256(PARTITION_SALT + spoken)).mod(BigInteger.valueOf(BUCKETS)).intValue();
    }

    private static byte[] sha256(String text) {
        return Checksums.sha256Bytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
