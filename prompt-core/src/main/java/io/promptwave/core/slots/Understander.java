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
 * Speech to intent and slots in one decoding ({@code <slots> <lang>} task). For a batch:
 * <ol>
 *   <li>the batch is encoded once, each row with its own prompt;</li>
 *   <li>every intent of the schema is scored by the decoder's probability of writing its name and
 *       the separator (one teacher-forced pass over all rows and intents); normalised over the
 *       schema, these are the intent ranking and confidence;</li>
 *   <li>the rest of the output is decoded after the best intent (forced), by greedy or beam
 *       search (optionally held to well-formed tags of the schema's slot types); with a CTC weight the
 *       CTC head scores the transcript's characters, not the markup ({@link SlotSyntax});</li>
 *   <li>the output is parsed ({@link SlotFormat#parse}); each slot's audio times come from a CTC
 *       alignment of the transcript, its confidence from the probabilities of its tokens.</li>
 * </ol>
 * Thread-safe: each call works in its own child manager.
 */
public final class Understander {
    /** Decoder rows scored at once while ranking intents. */
    private static final int INTENT_ROWS = 256;

    private final SpeechModel model;
    private final SlotSchema schema;
    private final TokenDecoder decoder;
    private final int[] task;
    private final double secondsPerFrame;

    /**
     * An understander whose search may write anything ({@link SlotSyntax#markup}); held to well-formed
     * tags, see the four-argument constructor.
     *
     * @param model the model
     * @param schema the task's labels
     * @param options how to search; a CTC weight of 1 is refused (the CTC head writes no tags)
     * @throws IllegalArgumentException when the model's vocabulary lacks the schema's language, or
     *     the options cannot write tags
     */
    public Understander(SpeechModel model, SlotSchema schema, DecodingOptions options) {
        this(model, schema, options, false);
    }

    /**
     * @param model the model
     * @param schema the task's labels
     * @param options how to search; a CTC weight of 1 is refused (the CTC head writes no tags)
     * @param wellFormed whether the search may write only well-formed tags of the schema's slot types
     *     ({@link SlotSyntax#constrained}) rather than anything ({@link SlotSyntax#markup})
     * @throws IllegalArgumentException when the model's vocabulary lacks the schema's language, or
     *     the options cannot write tags
     */
    public Understander(SpeechModel model, SlotSchema schema, DecodingOptions options, boolean wellFormed) {
        this.model = model;
        this.schema = schema;
        this.task = new int[] {Vocabulary.SLOTS, model.vocabulary().language(schema.language())};
        this.decoder = TokenDecoder.of(model, options, wellFormed ? SlotSyntax.constrained(model.vocabulary(), schema)
                : SlotSyntax.markup(model.vocabulary()));
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
        Vocabulary vocabulary = model.vocabulary();
        Backbone backbone = model.backbone();
        int rows = utterances.size();
        Understanding[] out = new Understanding[rows];
        try (NDManager work = model.newWorkManager()) {
            PaddedBatch batch = PaddedBatch.of(work, utterances);
            Backbone.Embedded input = backbone.embed(model.store(), batch.features(), batch.lengths(), false);
            PromptHooks hooks = PromptAssembler.assemble(input, rowPrompts, false).hooks();
            Backbone.Encoded encoded = backbone.encode(model.store(), input, hooks, false);
            double[][] probabilities = intentProbabilities(work, encoded, hooks);
            Map<Integer, List<Integer>> byIntent = new LinkedHashMap<>();
            for (int b = 0; b < rows; b++) {
                byIntent.computeIfAbsent(argMax(probabilities[b]), i -> new ArrayList<>()).add(b);
            }
            for (Map.Entry<Integer, List<Integer>> group : byIntent.entrySet()) {
                String intent = schema.intents().get(group.getKey());
                long[] picked = group.getValue().stream().mapToLong(Integer::longValue).toArray();
                Backbone.Encoded part = encoded.selectRows(picked);
                PromptHooks partHooks = hooks.selectRows(work.create(picked));
                CtcPosteriors ctc = backbone.hasCtcHead() ? CtcPosteriors.of(model, part) : null;
                int[] prefix = concat(task, vocabulary.encode(SlotFormat.intentPrefix(intent)));
                List<Hypothesis> hyps = decoder.decode(work, part, ctc, prefix, partHooks);
                for (int j = 0; j < picked.length; j++) {
                    int b = (int) picked[j];
                    out[b] = understanding(intent, hyps.get(j), probabilities[b], ctc == null ? null : ctc.row(j),
                            ctc == null ? 0 : ctc.frames(j));
                }
            }
        }
        return Arrays.asList(out);
    }

    /** @return per row, the probability of each intent of the schema (normalised over the schema) */
    private double[][] intentProbabilities(NDManager work, Backbone.Encoded encoded, PromptHooks hooks) {
        Vocabulary vocabulary = model.vocabulary();
        List<String> intents = schema.intents();
        int[][] sequences = new int[intents.size()][];
        int width = 0;
        for (int i = 0; i < sequences.length; i++) {
            // the name and the bar after it: "alarm" must not take the probability of "alarm_set"
            sequences[i] = concat(task, vocabulary.encode(intents.get(i) + " |"));
            width = Math.max(width, sequences[i].length);
        }
        int rows = encoded.frameLengths().length;
        double[][] logProbs = new double[rows][intents.size()];
        int perChunk = Math.max(1, INTENT_ROWS / intents.size());
        for (int from = 0; from < rows; from += perChunk) {
            int to = Math.min(rows, from + perChunk);
            int n = (to - from) * intents.size();
            long[] repeat = new long[n];
            long[] tokens = new long[n * width];
            boolean[] mask = new boolean[n * width];
            for (int r = 0; r < n; r++) {
                repeat[r] = from + r / intents.size();
                int[] seq = sequences[r % intents.size()];
                for (int t = 0; t < seq.length; t++) {
                    tokens[r * width + t] = seq[t];
                    mask[r * width + t] = true;
                }
            }
            NDArray logits = model.backbone().decoderLogits(model.store(), encoded.selectRows(repeat),
                    work.create(tokens, new Shape(n, width)), work.create(mask, new Shape(n, width)),
                    hooks.selectRows(work.create(repeat)), false);
            int vocab = (int) logits.getShape().get(2);
            float[] all = logits.logSoftmax(-1).toFloatArray();
            for (int r = 0; r < n; r++) {
                int[] seq = sequences[r % intents.size()];
                double sum = 0;
                // position t predicts token t + 1; the task tokens are given, the name is scored
                for (int t = task.length - 1; t < seq.length - 1; t++) {
                    sum += all[(r * width + t) * vocab + seq[t + 1]];
                }
                logProbs[from + r / intents.size()][r % intents.size()] = sum;
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

    private Understanding understanding(String intent, Hypothesis h, double[] probabilities, float[] ctc, int frames) {
        Vocabulary vocabulary = model.vocabulary();
        String prefix = SlotFormat.intentPrefix(intent);
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

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
