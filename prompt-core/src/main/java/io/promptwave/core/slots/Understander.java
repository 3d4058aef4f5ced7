package io.promptwave.core.slots;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.decode.CtcAligner;
import io.promptwave.core.decode.CtcPosteriors;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Hypothesis;
import io.promptwave.core.decode.TokenDecoder;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptAssembler;
import io.promptwave.core.prompt.FeatureTransformPrompt;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Speech to intent and slots in one decoding ({@code <slots> <lang>} task). For a batch whose
 * schema names the intent first:
 * <ol>
 *   <li>the batch is encoded once, each row with its own prompt;</li>
 *   <li>every intent of the schema is scored by the decoder's probability of writing its name and
 *       the separator (one teacher-forced pass over all rows and intents); normalised over the
 *       schema, these are the intent ranking and confidence;</li>
 *   <li>the rest of the output is decoded after the best intent (forced), by greedy or beam
 *       search (optionally held to well-formed tags of the schema's slot types); with a CTC weight the
 *       CTC head scores the transcript's characters, not the markup ({@link SlotSyntax});</li>
 *   <li>with more than one intent candidate ({@link SlotDecoding#intentCandidates}), the rest is
 *       decoded after each of the most probable intents, and the intent whose whole output is most
 *       probable wins; the candidates then share their probability in the ranking in proportion to
 *       their whole outputs' ({@link #jointRanking});</li>
 *   <li>the output is parsed ({@link SlotFormat#parse}); each slot's audio times come from a CTC
 *       alignment of the transcript, its confidence from the probabilities of its tokens.</li>
 * </ol>
 * Thread-safe: each call works in its own child manager.
 */
public final class Understander {
    /** Decoder token positions scored at once while ranking intents (rows times their length). */
    private static final int INTENT_TOKENS = 4096;

    private final SpeechModel model;
    private final SlotSchema schema;
    private final TokenDecoder decoder;
    private final int[] task;
    private final int candidates;
    private final double secondsPerFrame;

    /**
     * An understander that decodes after the most probable intent alone and may write any markup.
     *
     * @param model the model
     * @param schema the task's labels
     * @param search how to search; a CTC weight of 1 is refused (the CTC head writes no tags)
     * @throws IllegalArgumentException when the model's vocabulary lacks the schema's language, or
     *     the options cannot write tags
     */
    public Understander(SpeechModel model, SlotSchema schema, DecodingOptions search) {
        this(model, schema, SlotDecoding.builder().optSearch(search).build());
    }

    /**
     * @param model the model
     * @param schema the task's labels
     * @param decoding how to search, which tags may be written, how many intents are tried
     * @throws IllegalArgumentException when the model's vocabulary lacks the schema's language, or
     *     the options cannot write tags
     */
    public Understander(SpeechModel model, SlotSchema schema, SlotDecoding decoding) {
        this.model = model;
        this.schema = schema;
        this.task = new int[] {Vocabulary.SLOTS, model.vocabulary().language(schema.language())};
        if (schema.intentPosition() == IntentPosition.LAST && decoding.intentCandidates() > 1) {
            throw new IllegalArgumentException("intent candidates are for output that names the intent before the"
                    + " words; schema " + schema.name() + " names it after them, where every intent is ranked anyway:"
                    + " use 1 candidate, not " + decoding.intentCandidates());
        }
        this.decoder = TokenDecoder.of(model, decoding.search(), decoding.wellFormed()
                ? SlotSyntax.constrained(model.vocabulary(), schema)
                : SlotSyntax.markup(model.vocabulary(), schema));
        this.candidates = Math.min(decoding.intentCandidates(), schema.intents().size());
        this.secondsPerFrame = model.backbone().config().frontEndStride() / 100.0;
    }

    /** @return the schema this understander reads with */
    public SlotSchema schema() {
        return schema;
    }

    /**
     * @param utterances normalised features (one batch, none empty)
     * @param rowPrompts the prompt steering each utterance (null for none)
     * @return one understanding per utterance, in order
     */
    public List<Understanding> understand(List<FeatureSequence> utterances, List<SoftPrompt> rowPrompts) {
        Backbone backbone = model.backbone();
        try (NDManager work = model.newWorkManager()) {
            PaddedBatch batch = PaddedBatch.of(work, utterances);
            Backbone.Embedded input = FeatureTransformPrompt.embed(model, batch, rowPrompts, false);
            PromptHooks hooks = PromptAssembler.assemble(input, rowPrompts, false).hooks();
            Backbone.Encoded encoded = backbone.encode(model.store(), input, hooks, false);
            // once for the batch: the CTC head does not see the intent, however many are tried
            CtcPosteriors ctc = backbone.hasCtcHead() ? CtcPosteriors.of(model, encoded) : null;
            return schema.intentPosition() == IntentPosition.LAST ? intentAfterWords(work, encoded, hooks, ctc)
                    : intentBeforeWords(work, encoded, hooks, ctc);
        }
    }

    /** Intent first: rank the intents, then decode the rest after the best one (or each candidate). */
    private List<Understanding> intentBeforeWords(NDManager work, Backbone.Encoded encoded, PromptHooks hooks,
            CtcPosteriors ctc) {
        Vocabulary vocabulary = model.vocabulary();
        int rows = encoded.frameLengths().length;
        int[][] contexts = new int[rows][];
        Arrays.fill(contexts, task);
        int[][] names = new int[schema.intents().size()][];
        for (int i = 0; i < names.length; i++) {
            // the name and the bar after it: "alarm" must not take the probability of "alarm_set"
            names[i] = vocabulary.encode(schema.intents().get(i) + " |");
        }
        double[][] probabilities = continuationProbabilities(work, encoded, hooks, contexts, names);
        int[][] tried = new int[rows][];
        Map<Integer, List<Integer>> byIntent = new LinkedHashMap<>();
        for (int b = 0; b < rows; b++) {
            tried[b] = mostProbable(probabilities[b], candidates);
            for (int intent : tried[b]) {
                byIntent.computeIfAbsent(intent, i -> new ArrayList<>()).add(b);
            }
        }
        // per row, per tried intent: the rest of the output decoded after it
        Hypothesis[][] decoded = new Hypothesis[rows][schema.intents().size()];
        for (Map.Entry<Integer, List<Integer>> group : byIntent.entrySet()) {
            String intent = schema.intents().get(group.getKey());
            long[] picked = group.getValue().stream().mapToLong(Integer::longValue).toArray();
            Backbone.Encoded part = encoded.selectRows(picked);
            PromptHooks partHooks = hooks.selectRows(work.create(picked));
            int[] prefix = concat(task, vocabulary.encode(SlotFormat.intentPrefix(intent)));
            List<Hypothesis> hyps = decoder.decode(work, part, ctc == null ? null : ctc.select(picked), prefix,
                    partHooks);
            for (int j = 0; j < picked.length; j++) {
                decoded[(int) picked[j]][group.getKey()] = hyps.get(j);
            }
        }
        Understanding[] out = new Understanding[rows];
        for (int b = 0; b < rows; b++) {
            double[] outputScores = new double[decoded[b].length];
            for (int intent : tried[b]) {
                outputScores[intent] = decoded[b][intent].score();
            }
            double[] ranking = jointRanking(probabilities[b], tried[b], outputScores);
            int best = tried[b][0];
            for (int intent : tried[b]) {
                best = ranking[intent] > ranking[best] ? intent : best;
            }
            String intent = schema.intents().get(best);
            out[b] = understanding(intent, SlotFormat.intentPrefix(intent), decoded[b][best], ranking,
                    ctc == null ? null : ctc.row(b), ctc == null ? 0 : ctc.frames(b));
        }
        return Arrays.asList(out);
    }

    /**
     * Intent last: decode the tagged transcript (and the intent the decoder writes after it), then rank
     * every intent by the probability of writing it after the row's own words.
     */
    private List<Understanding> intentAfterWords(NDManager work, Backbone.Encoded encoded, PromptHooks hooks,
            CtcPosteriors ctc) {
        Vocabulary vocabulary = model.vocabulary();
        int rows = encoded.frameLengths().length;
        List<Hypothesis> decoded = decoder.decode(work, encoded, ctc, task, hooks);
        int[][] contexts = new int[rows][];
        for (int b = 0; b < rows; b++) {
            String output = vocabulary.decode(decoded.get(b).tokens());
            int bar = output.lastIndexOf('|');
            // the words as training wrote them: no space before the bar
            String words = (bar < 0 ? output : output.substring(0, bar)).stripTrailing();
            contexts[b] = concat(task, vocabulary.encode(words));
        }
        int[][] names = new int[schema.intents().size()][];
        for (int i = 0; i < names.length; i++) {
            // the bar, the name and the end: "alarm" must not take the probability of "alarm_set"
            int[] name = vocabulary.encode(SlotFormat.SEPARATOR_LAST + schema.intents().get(i));
            names[i] = Arrays.copyOf(name, name.length + 1);
            names[i][name.length] = Vocabulary.EOS;
        }
        double[][] probabilities = continuationProbabilities(work, encoded, hooks, contexts, names);
        Understanding[] out = new Understanding[rows];
        for (int b = 0; b < rows; b++) {
            int best = mostProbable(probabilities[b], 1)[0];
            out[b] = understanding(schema.intents().get(best), "", decoded.get(b), probabilities[b],
                    ctc == null ? null : ctc.row(b), ctc == null ? 0 : ctc.frames(b));
        }
        return Arrays.asList(out);
    }

    /**
     * The probability of each intent's continuation after each row's context, normalised over the
     * schema: one teacher-forced decoder pass per chunk of (row, intent) pairs.
     *
     * @param contexts per row, the tokens given (task tokens, and intent last the row's words)
     * @param continuations per intent, the tokens scored after the context
     * @return per row, per intent, the probability
     */
    private double[][] continuationProbabilities(NDManager work, Backbone.Encoded encoded, PromptHooks hooks,
            int[][] contexts, int[][] continuations) {
        int intents = continuations.length;
        int rows = contexts.length;
        double[][] logProbs = new double[rows][intents];
        int longestContinuation = Arrays.stream(continuations).mapToInt(c -> c.length).max().orElse(0);
        int longestContext = Arrays.stream(contexts).mapToInt(c -> c.length).max().orElse(0);
        // a budget of token positions per pass: intent last, every row's words are repeated once per intent
        int perChunk = Math.max(1, INTENT_TOKENS / (intents * (longestContext + longestContinuation)));
        for (int from = 0; from < rows; from += perChunk) {
            int to = Math.min(rows, from + perChunk);
            int n = (to - from) * intents;
            int width = longestContinuation;
            for (int r = from; r < to; r++) {
                width = Math.max(width, contexts[r].length + longestContinuation);
            }
            long[] repeat = new long[n];
            long[] tokens = new long[n * width];
            boolean[] mask = new boolean[n * width];
            for (int r = 0; r < n; r++) {
                repeat[r] = from + r / intents;
                int[] context = contexts[from + r / intents];
                int[] continuation = continuations[r % intents];
                for (int t = 0; t < context.length + continuation.length; t++) {
                    tokens[r * width + t] = t < context.length ? context[t] : continuation[t - context.length];
                    mask[r * width + t] = true;
                }
            }
            float[] all;
            int vocab;
            // each pass's activations go with its own manager: kept to the end of the batch, the passes
            // of a long intent-last batch added up to gigabytes
            try (NDManager chunk = work.newSubManager()) {
                Backbone.Encoded picked = encoded.selectRows(repeat);
                picked.hidden().attach(chunk);
                picked.mask().attach(chunk);
                PromptHooks pickedHooks = hooks.selectRows(chunk.create(repeat)).attachTo(chunk);
                NDArray logits = model.backbone().decoderLogits(model.store(), picked,
                        chunk.create(tokens, new Shape(n, width)), chunk.create(mask, new Shape(n, width)),
                        pickedHooks, false);
                vocab = (int) logits.getShape().get(2);
                all = logits.logSoftmax(-1).toFloatArray();
            }
            for (int r = 0; r < n; r++) {
                int[] context = contexts[from + r / intents];
                int[] continuation = continuations[r % intents];
                double sum = 0;
                // position t predicts token t + 1; the context is given, the continuation is scored
                for (int k = 0; k < continuation.length; k++) {
                    int t = context.length - 1 + k;
                    sum += all[(r * width + t) * vocab + continuation[k]];
                }
                logProbs[from + r / intents][r % intents] = sum;
            }
        }
        for (double[] row : logProbs) {
            double max = Arrays.stream(row).max().orElse(0);
            double total = 0;
            for (int i = 0; i < row.length; i++) {
                row[i] = Math.exp(row[i] - max);
                total += row[i];
            }
            for (int i = 0; i < row.length; i++) {
                row[i] /= total;
            }
        }
        return logProbs;
    }

    /**
     * @param intent the chosen intent
     * @param prefix what was forced before the decoded tokens (intent first: the intent and the bar)
     */
    private Understanding understanding(String intent, String prefix, Hypothesis h, double[] probabilities,
            float[] ctc, int frames) {
        Vocabulary vocabulary = model.vocabulary();
        String output = prefix + vocabulary.decode(h.tokens());
        SlotFormat.Parsed parsed = SlotFormat.parse(output, schema);
        double[] charLogProbs = charLogProbs(h, prefix.length(), output.length());
        int[][] spans = null;
        byte[] transcript = parsed.text().getBytes(StandardCharsets.UTF_8);
        if (ctc != null && transcript.length > 0) {
            spans = CtcAligner.align(ctc, frames, vocabulary.size(), vocabulary.encode(parsed.text()), Vocabulary.PAD);
        }
        List<Understanding.FilledSlot> slots = new ArrayList<>();
        for (int s = 0; s < parsed.slots().size(); s++) {
            Slot slot = parsed.slots().get(s);
            int[] source = parsed.sources().get(s);
            double confidence = h.confidence();
            if (charLogProbs != null) {
                double sum = 0;
                for (int c = source[0]; c < source[1]; c++) {
                    sum += charLogProbs[c];
                }
                confidence = Math.exp(sum / Math.max(1, source[1] - source[0]));
            }
            double audioStart = Double.NaN;
            double audioEnd = Double.NaN;
            if (spans != null) {
                int first = parsed.text().substring(0, slot.start()).getBytes(StandardCharsets.UTF_8).length;
                int last = parsed.text().substring(0, slot.end()).getBytes(StandardCharsets.UTF_8).length - 1;
                audioStart = spans[first][0] * secondsPerFrame;
                audioEnd = (spans[last][1] + 1) * secondsPerFrame;
            }
            slots.add(new Understanding.FilledSlot(slot.type(), slot.value(), slot.start(), slot.end(), audioStart,
                    audioEnd, confidence));
        }
        List<Understanding.IntentScore> ranking = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            ranking.add(new Understanding.IntentScore(schema.intents().get(i), probabilities[i]));
        }
        ranking.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
        return new Understanding(parsed.text(), intent, ranking.get(0).confidence(), List.copyOf(ranking),
                List.copyOf(slots), parsed.problems());
    }

    /**
     * The log-probability of each character of the output (0 for the forced prefix): a character's
     * tokens are its UTF-8 bytes, the first of which is not a continuation byte. Null when the bytes
     * do not decode one to one (malformed UTF-8), so the caller falls back to the whole output's confidence.
     */
    private double[] charLogProbs(Hypothesis h, int prefixChars, int outputChars) {
        Vocabulary vocabulary = model.vocabulary();
        double[] perChar = new double[outputChars];
        int c = prefixChars - 1;
        int byteBase = vocabulary.encode("\0")[0];
        for (int i = 0; i < h.tokens().length; i++) {
            int b = h.tokens()[i] - byteBase;
            if (b < 0 || b >= 256) {
                continue;
            }
            if ((b & 0xC0) != 0x80) {
                c++;
            }
            if (c < prefixChars || c >= outputChars) {
                return null;
            }
            perChar[c] += h.logProbs()[i];
        }
        return c == outputChars - 1 ? perChar : null;
    }

    /**
     * The intent ranking after decoding: with one candidate, the intents' own probabilities; with
     * more, the candidates share their probability mass in proportion to the probability of their whole
     * output, {@code P(intent) P(rest | intent)}, and the others keep theirs.
     *
     * @param prior each intent's probability before decoding
     * @param tried the intents the rest was decoded after
     * @param outputScores per intent, the log-probability of the rest decoded after it (read for tried intents)
     * @return each intent's probability; sums to 1 as the prior does
     */
    static double[] jointRanking(double[] prior, int[] tried, double[] outputScores) {
        if (tried.length == 1) {
            return prior;
        }
        double[] joint = new double[tried.length];
        double max = Double.NEGATIVE_INFINITY;
        double mass = 0;
        for (int c = 0; c < tried.length; c++) {
            joint[c] = Math.log(prior[tried[c]]) + outputScores[tried[c]];
            max = Math.max(max, joint[c]);
            mass += prior[tried[c]];
        }
        double total = 0;
        for (int c = 0; c < tried.length; c++) {
            joint[c] = Math.exp(joint[c] - max);
            total += joint[c];
        }
        double[] ranking = prior.clone();
        for (int c = 0; c < tried.length; c++) {
            ranking[tried[c]] = mass * joint[c] / total;
        }
        return ranking;
    }

    /** @return the indices of the {@code k} largest values, largest first */
    private static int[] mostProbable(double[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
