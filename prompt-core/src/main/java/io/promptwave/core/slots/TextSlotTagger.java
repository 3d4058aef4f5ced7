package io.promptwave.core.slots;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A text-only intent classifier and slot tagger: the second half of the pipeline baseline that the
 * end-to-end slot prompt is compared with (speech to transcript with the base, then this on the
 * transcript). Both parts are averaged perceptrons over words: the intent from the bag of words and
 * word pairs, the slots as BIO tags read left to right with the words around each one, their
 * prefixes and suffixes, and the tag before. Trained in seconds on a few thousand sentences;
 * deterministic for a seed. Immutable and thread-safe once trained.
 */
public final class TextSlotTagger {
    private static final String OUTSIDE = "O";

    private final List<String> intents;
    private final List<String> tags;
    private final Map<String, float[]> intentWeights;
    private final Map<String, float[]> tagWeights;

    /**
     * A training sentence.
     *
     * @param text the transcript, words separated by single spaces
     * @param intent its intent
     * @param slots its slots, with character spans in {@code text} on word boundaries
     */
    public record Example(String text, String intent, List<Slot> slots) {
    }

    /**
     * What the tagger reads in a sentence.
     *
     * @param intent the best-scoring intent
     * @param slots the slots in sentence order, spans in the sentence
     */
    public record Tagged(String intent, List<Slot> slots) {
    }

    private TextSlotTagger(List<String> intents, List<String> tags, Map<String, float[]> intentWeights,
            Map<String, float[]> tagWeights) {
        this.intents = intents;
        this.tags = tags;
        this.intentWeights = intentWeights;
        this.tagWeights = tagWeights;
    }

    /**
     * @param examples labelled sentences
     * @param epochs passes over them
     * @param seed order of the passes
     * @return the trained tagger
     * @throws IllegalArgumentException when there is nothing to learn from, or a slot does not sit on word boundaries
     */
    public static TextSlotTagger train(List<Example> examples, int epochs, long seed) {
        if (examples.isEmpty() || epochs < 1) {
            throw new IllegalArgumentException("need at least one example and one epoch, got " + examples.size()
                    + " and " + epochs);
        }
        TreeSet<String> intentSet = new TreeSet<>();
        TreeSet<String> tagSet = new TreeSet<>();
        tagSet.add(OUTSIDE);
        List<String[]> goldTags = new ArrayList<>();
        for (Example e : examples) {
            intentSet.add(e.intent());
            String[] t = bioTags(e);
            for (String tag : t) {
                tagSet.add(tag);
            }
            goldTags.add(t);
        }
        List<String> intents = List.copyOf(intentSet);
        List<String> tags = List.copyOf(tagSet);
        Averaged intent = new Averaged(intents.size());
        Averaged tagger = new Averaged(tags.size());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Random random = new Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            Collections.shuffle(order, random);
            for (int i : order) {
                Example e = examples.get(i);
                String[] words = words(e.text());
                List<String> f = intentFeatures(words);
                intent.update(f, intents.indexOf(e.intent()), intent.best(f));
                String previous = "<s>";
                for (int w = 0; w < words.length; w++) {
                    List<String> tf = tagFeatures(words, w, previous);
                    int gold = tags.indexOf(goldTags.get(i)[w]);
                    tagger.update(tf, gold, tagger.best(tf));
                    // the gold tag before, as the tagger will see its own when reading
                    previous = goldTags.get(i)[w];
                }
            }
        }
        return new TextSlotTagger(intents, tags, intent.averaged(), tagger.averaged());
    }

    /**
     * @param text a sentence (runs of spaces count as one)
     * @return its intent and slots; an empty sentence gets no slots and the intent its bias alone favours
     */
    public Tagged tag(String text) {
        List<int[]> spans = wordSpans(text);
        String[] words = words(text);
        String intent = intents.get(argmax(score(intentWeights, intentFeatures(words), intents.size())));
        List<Slot> slots = new ArrayList<>();
        String previous = "<s>";
        String open = null;
        int start = -1;
        int end = -1;
        for (int w = 0; w < words.length; w++) {
            String tag = tags.get(argmax(score(tagWeights, tagFeatures(words, w, previous), tags.size())));
            String type = tag.equals(OUTSIDE) ? null : tag.substring(2);
            // an I- tag that does not continue its type starts a slot of its own, as B- would
            boolean continues = type != null && tag.startsWith("I-") && type.equals(open);
            if (open != null && !continues) {
                slots.add(new Slot(open, text.substring(start, end), start, end));
                open = null;
            }
            if (type != null && !continues) {
                open = type;
                start = spans.get(w)[0];
            }
            if (type != null) {
                end = spans.get(w)[1];
            }
            previous = tag;
        }
        if (open != null) {
            slots.add(new Slot(open, text.substring(start, end), start, end));
        }
        return new Tagged(intent, slots);
    }

    /** @return the intents it knows, sorted */
    public List<String> intents() {
        return intents;
    }

    private static String[] bioTags(Example e) {
        List<int[]> spans = wordSpans(e.text());
        String[] out = new String[spans.size()];
        java.util.Arrays.fill(out, OUTSIDE);
        for (Slot s : e.slots()) {
            boolean first = true;
            boolean covered = false;
            for (int w = 0; w < spans.size(); w++) {
                int[] span = spans.get(w);
                if (span[0] >= s.start() && span[1] <= s.end()) {
                    out[w] = (first ? "B-" : "I-") + s.type();
                    first = false;
                    covered = true;
                } else if (span[0] < s.end() && span[1] > s.start()) {
                    throw new IllegalArgumentException("slot " + s.type() + " '" + s.value() + "' of '" + e.text()
                            + "' cuts a word");
                }
            }
            if (!covered) {
                throw new IllegalArgumentException("slot " + s.type() + " '" + s.value() + "' of '" + e.text()
                        + "' covers no word");
            }
        }
        return out;
    }

    private static List<int[]> wordSpans(String text) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < text.length() && text.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                spans.add(new int[] {start, i});
            }
        }
        return spans;
    }

    private static String[] words(String text) {
        return wordSpans(text).stream().map(span -> text.substring(span[0], span[1])).toArray(String[]::new);
    }

    private static List<String> intentFeatures(String[] words) {
        List<String> f = new ArrayList<>();
        f.add("bias");
        for (int i = 0; i < words.length; i++) {
            f.add("w=" + words[i]);
            f.add("ww=" + words[i] + "_" + (i + 1 < words.length ? words[i + 1] : "</s>"));
        }
        if (words.length > 0) {
            f.add("first=" + words[0]);
        }
        return f;
    }

    private static List<String> tagFeatures(String[] words, int i, String previousTag) {
        String w = words[i];
        List<String> f = new ArrayList<>();
        f.add("bias");
        f.add("w=" + w);
        f.add("p3=" + w.substring(0, Math.min(3, w.length())));
        f.add("s3=" + w.substring(Math.max(0, w.length() - 3)));
        f.add("w-1=" + (i > 0 ? words[i - 1] : "<s>"));
        f.add("w-2=" + (i > 1 ? words[i - 2] : "<s>"));
        f.add("w+1=" + (i + 1 < words.length ? words[i + 1] : "</s>"));
        f.add("w+2=" + (i + 2 < words.length ? words[i + 2] : "</s>"));
        f.add("t-1=" + previousTag);
        f.add("t-1,w=" + previousTag + "_" + w);
        f.add("w-1,w=" + (i > 0 ? words[i - 1] : "<s>") + "_" + w);
        return f;
    }

    private static float[] score(Map<String, float[]> weights, List<String> features, int classes) {
        float[] s = new float[classes];
        for (String f : features) {
            float[] w = weights.get(f);
            if (w != null) {
                for (int c = 0; c < classes; c++) {
                    s[c] += w[c];
                }
            }
        }
        return s;
    }

    private static int argmax(float[] s) {
        int best = 0;
        for (int c = 1; c < s.length; c++) {
            if (s[c] > s[best]) {
                best = c;
            }
        }
        return best;
    }

    /** A multiclass perceptron that keeps the running sums for its averaged weights. */
    private static final class Averaged {
        private final int classes;
        private final Map<String, float[]> weights = new HashMap<>();
        private final Map<String, float[]> totals = new HashMap<>();
        private final Map<String, int[]> stamps = new HashMap<>();
        private int updates;

        Averaged(int classes) {
            this.classes = classes;
        }

        int best(List<String> features) {
            return argmax(score(weights, features, classes));
        }

        void update(List<String> features, int gold, int guess) {
            updates++;
            if (gold == guess) {
                return;
            }
            for (String f : features) {
                float[] w = weights.computeIfAbsent(f, k -> new float[classes]);
                float[] t = totals.computeIfAbsent(f, k -> new float[classes]);
                int[] s = stamps.computeIfAbsent(f, k -> new int[classes]);
                for (int c : new int[] {gold, guess}) {
                    // bring the running total up to now before the weight changes
                    t[c] += (updates - s[c]) * w[c];
                    s[c] = updates;
                    w[c] += c == gold ? 1 : -1;
                }
            }
        }

        Map<String, float[]> averaged() {
            Map<String, float[]> out = new HashMap<>();
            for (Map.Entry<String, float[]> e : weights.entrySet()) {
                float[] w = e.getValue();
                float[] t = totals.get(e.getKey());
                int[] s = stamps.get(e.getKey());
                float[] avg = new float[classes];
                for (int c = 0; c < classes; c++) {
                    avg[c] = (t[c] + (updates - s[c]) * w[c]) / updates;
                }
                out.put(e.getKey(), avg);
            }
            return out;
        }
    }
}
