package io.promptwave.core.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched greedy decoding with the decoder's key/value cache: every row takes its most probable
 * next token until it emits {@code <eos>} or reaches its length limit, which grows with its
 * input (one token per encoder frame, 33 a second, far above speech's 18 characters a second)
 * so a confused model cannot run on forever. Under an {@link OutputSyntax} each row takes its most
 * probable token among those the syntax allows.
 */
public final class GreedyDecoder implements TokenDecoder {
    private final SpeechModel model;
    private final OutputSyntax syntax;

    /** @param model the model to decode with */
    public GreedyDecoder(SpeechModel model) {
        this(model, OutputSyntax.ALL);
    }

    /**
     * @param model the model to decode with
     * @param syntax which tokens may come next
     */
    public GreedyDecoder(SpeechModel model, OutputSyntax syntax) {
        this.model = model;
        this.syntax = syntax;
    }

    /**
     * @param utterances normalised feature sequences
     * @param forcedPrefix tokens every output starts with, e.g. {@code <asr> <en>}
     * @param hooks prompts (rows as in {@code utterances}); hooks carry no feature transform, which
     *     applies where features are embedded ({@link io.promptwave.core.prompt.FeatureTransformPrompt#embed}):
     *     decode prompts that have one with {@link Transcriber}
     * @return one hypothesis per utterance, in order
     */
    public List<Hypothesis> decode(List<FeatureSequence> utterances, int[] forcedPrefix, PromptHooks hooks) {
        try (NDManager work = model.newWorkManager()) {
            PaddedBatch batch = PaddedBatch.of(work, utterances);
            Backbone.Encoded encoded = model.backbone().encode(model.store(), batch.features(), batch.lengths(), hooks,
                    false);
            return decode(work, encoded, null, forcedPrefix, hooks);
        }
    }

    /** Greedy search does not use the CTC log-probabilities. */
    @Override
    public List<Hypothesis> decode(NDManager work, Backbone.Encoded encoded, CtcPosteriors ctc, RowTasks tasks,
            PromptHooks hooks) {
        Backbone backbone = model.backbone();
        Backbone.DecoderState state = backbone.startDecoding(model.store(), encoded, hooks);
        tasks.requireRowsOf(encoded);
        try (StepScope steps = new StepScope(work)) {
            return search(steps, state, steps.feedPrefix(model, state, tasks, 1), encoded.frameLengths());
        }
    }

    private List<Hypothesis> search(StepScope steps, Backbone.DecoderState state, NDArray first, int[] frames) {
        Backbone backbone = model.backbone();
        int rows = frames.length;
        NDArray logits = first;
        List<List<Integer>> tokens = new ArrayList<>();
        List<List<Float>> logProbs = new ArrayList<>();
        float[] endLogProb = new float[rows];
        boolean[] done = new boolean[rows];
        int[] limit = new int[rows];
        int longest = 0;
        for (int b = 0; b < rows; b++) {
            tokens.add(new ArrayList<>());
            logProbs.add(new ArrayList<>());
            limit[b] = frames[b] + 4 + syntax.extraLength();
            longest = Math.max(longest, limit[b]);
        }
        int[] syntaxState = new int[rows];
        Arrays.fill(syntaxState, syntax.initial());
        for (int step = 0; step <= longest; step++) {
            NDArray logSoftmax = logits.logSoftmax(-1);
            long[] ids;
            float[] values;
            NDArray best;
            if (syntax == OutputSyntax.ALL) {
                best = logSoftmax.argMax(-1);
                ids = best.toLongArray();
                values = logSoftmax.gather(best.reshape(rows, 1), 1).toFloatArray();
            } else {
                ids = new long[rows];
                values = new float[rows];
                allowedBest(logSoftmax.toFloatArray(), syntaxState, done, ids, values);
                best = steps.manager().create(ids);
            }
            boolean allDone = true;
            for (int b = 0; b < rows; b++) {
                if (done[b]) {
                    continue;
                }
                if (ids[b] == Vocabulary.EOS) {
                    done[b] = true;
                    endLogProb[b] = values[b];
                } else if (tokens.get(b).size() >= limit[b]) {
                    done[b] = true;
                } else {
                    tokens.get(b).add((int) ids[b]);
                    logProbs.get(b).add(values[b]);
                    syntaxState[b] = syntax.next(syntaxState[b], (int) ids[b]);
                }
                allDone &= done[b];
            }
            if (allDone) {
                break;
            }
            logits = steps.advance(state, backbone.step(model.store(), state, best.reshape(rows, 1)));
        }
        List<Hypothesis> out = new ArrayList<>();
        for (int b = 0; b < rows; b++) {
            int[] t = tokens.get(b).stream().mapToInt(Integer::intValue).toArray();
            float[] p = new float[t.length];
            for (int i = 0; i < t.length; i++) {
                p[i] = logProbs.get(b).get(i);
            }
            out.add(new Hypothesis(t, p, endLogProb[b]));
        }
        return out;
    }

    /**
     * Per live row, the most probable token its syntax allows ({@code <eos>} when it allows none, which a
     * sound syntax never does) and that token's log-probability.
     */
    private void allowedBest(float[] logSoftmax, int[] syntaxState, boolean[] done, long[] ids, float[] values) {
        int vocab = logSoftmax.length / ids.length;
        for (int b = 0; b < ids.length; b++) {
            ids[b] = Vocabulary.EOS;
            if (done[b]) {
                continue;
            }
            int offset = b * vocab;
            syntax.refuse(logSoftmax, offset, vocab, syntaxState[b]);
            float bestValue = Float.NEGATIVE_INFINITY;
            for (int token = 0; token < vocab; token++) {
                if (logSoftmax[offset + token] > bestValue && token != Vocabulary.PAD) {
                    bestValue = logSoftmax[offset + token];
                    ids[b] = token;
                }
            }
            values[b] = bestValue;
        }
    }
}
