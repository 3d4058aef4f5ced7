package io.promptwave.core.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Batched beam search with the decoder's key/value cache, optionally joint with CTC prefix scores.
 * Each utterance owns {@code K} consecutive rows of the batch; every step each live hypothesis
 * proposes its {@code K + 1} most probable next tokens, each proposal is scored by
 * {@code (1 - λ) log P_att + λ log P_ctc(prefix)} (for {@code <eos>}: the CTC probability of exactly
 * this text), and the best {@code K} proposals go on: those ending in {@code <eos>} are finished,
 * the others become the next rows (the cache rows are reordered, never recomputed). Finished
 * hypotheses are ranked by their score over {@code (tokens + 1)^α}. An utterance stops when it has
 * {@code K} finished hypotheses, when no live one can still beat the best finished one (without
 * length normalisation scores only fall), or at the same length limit as greedy search.
 *
 * <p>With a language model in the options (shallow fusion), every byte and the end add
 * {@code β log P_lm}, so among the sounds the CTC and decoder scores allow, spellings the text knows win.
 * Markup tokens (under a {@link OutputSyntax} other than {@code ALL}) would be strangers to it, so such
 * outputs decode without it, and so do the rows whose {@link RowTasks} say the model is not theirs
 * (a text line in a batch of speech). A hypothesis proposes only tokens its syntax allows.
 */
public final class BeamSearchDecoder implements TokenDecoder {
    private final SpeechModel model;
    private final DecodingOptions options;
    private final OutputSyntax syntax;
    private final CharNgramModel lm;

    /**
     * @param model the model
     * @param options beam size, CTC weight and length normalisation
     * @throws IllegalArgumentException when CTC scores are asked of a model without a CTC head
     */
    public BeamSearchDecoder(SpeechModel model, DecodingOptions options) {
        this(model, options, OutputSyntax.ALL);
    }

    /**
     * @param model the model
     * @param options beam size, CTC weight and length normalisation
     * @param syntax which output tokens may come next, and which of them the CTC prefix scores see (the
     *     others are scored by the decoder alone)
     * @throws IllegalArgumentException when CTC scores are asked of a model without a CTC head
     */
    public BeamSearchDecoder(SpeechModel model, DecodingOptions options, OutputSyntax syntax) {
        if (options.ctcWeight() > 0 && !model.backbone().hasCtcHead()) {
            throw new IllegalArgumentException("CTC prefix scores need a model with a CTC head; this one has none");
        }
        this.model = model;
        this.options = options;
        this.syntax = syntax;
        this.lm = syntax == OutputSyntax.ALL && options.fusesLanguageModel() ? options.languageModel() : null;
    }

    /**
     * One hypothesis in the beam; {@code syntaxState} is the {@link OutputSyntax}'s state after its tokens,
     * {@code lmState} the language model's and {@code lm} the sum of its log-probabilities (0 without one).
     */
    private record Beam(int[] tokens, float[] logProbs, double attention, CtcPrefixScorer.State ctc, int syntaxState,
            long lmState, double lm, double score) {

        Beam extend(int token, float logProb, CtcPrefixScorer.State nextCtc, int nextSyntax, long nextLmState,
                double nextLm, double nextScore) {
            int[] t = Arrays.copyOf(tokens, tokens.length + 1);
            float[] p = Arrays.copyOf(logProbs, logProbs.length + 1);
            t[tokens.length] = token;
            p[tokens.length] = logProb;
            return new Beam(t, p, attention + logProb, nextCtc, nextSyntax, nextLmState, nextLm, nextScore);
        }
    }

    /**
     * A proposal: a live row's hypothesis plus one token; {@code endLogProb} is the log-probability of
     * {@code <eos>} when that token ends it, NaN otherwise.
     */
    private record Proposal(int row, Beam beam, float endLogProb) {
    }

    /** A finished hypothesis and the score it is ranked by. */
    private record Finished(Hypothesis hypothesis, double rank) {
    }

    @Override
    public List<Hypothesis> decode(NDManager work, Backbone.Encoded encoded, CtcPosteriors ctc, RowTasks tasks,
            PromptHooks hooks) {
        return nBest(work, encoded, ctc, tasks, hooks, 1).stream().map(l -> l.get(0)).toList();
    }

    /**
     * Like {@link #decode}, but keeps up to {@code n} hypotheses per utterance.
     *
     * @param n how many alternatives to keep, 1 to the beam size
     * @return per utterance, its best hypotheses, best first (at least one)
     * @throws IllegalArgumentException when {@code n} is outside 1 to the beam size
     */
    public List<List<Hypothesis>> nBest(NDManager work, Backbone.Encoded encoded, CtcPosteriors ctc,
            RowTasks tasks, PromptHooks hooks, int n) {
        tasks.requireRowsOf(encoded);
        if (n < 1 || n > options.beamSize()) {
            throw new IllegalArgumentException("alternatives must be 1 to the beam size " + options.beamSize()
                    + ", got " + n);
        }
        Backbone backbone = model.backbone();
        int utterances = encoded.frameLengths().length;
        int k = options.beamSize();
        // the k rows of an utterance share its encoder memory
        Backbone.DecoderState state = backbone.startDecoding(model.store(), encoded, hooks, k);
        try (StepScope steps = new StepScope(work)) {
            return search(steps, state, steps.feedPrefix(model, state, tasks, k), encoded.frameLengths(), ctc, tasks,
                    n);
        }
    }

    private List<List<Hypothesis>> search(StepScope steps, Backbone.DecoderState state, NDArray first, int[] frames,
            CtcPosteriors ctc, RowTasks tasks, int n) {
        Backbone backbone = model.backbone();
        int utterances = frames.length;
        int k = options.beamSize();
        double lambda = options.ctcWeight();
        int rowCount = utterances * k;
        NDArray logits = first;

        CtcPrefixScorer[] scorers = new CtcPrefixScorer[utterances];
        Beam[] live = new Beam[rowCount];
        List<List<Finished>> finished = new ArrayList<>();
        boolean[] done = new boolean[utterances];
        int[] limit = new int[utterances];
        int longest = 0;
        for (int u = 0; u < utterances; u++) {
            CtcPrefixScorer.State start = null;
            if (lambda > 0) {
                scorers[u] = new CtcPrefixScorer(ctc.row(u), ctc.frames(u), ctc.vocab(), Vocabulary.PAD);
                start = scorers[u].initial();
            }
            // only the first row of each utterance is live at the start: the others would be copies
            CharNgramModel rowLm = languageModel(tasks, u);
            live[u * k] = new Beam(new int[0], new float[0], 0, start, syntax.initial(),
                    rowLm == null ? 0 : rowLm.initial(), 0, 0);
            finished.add(new ArrayList<>());
            limit[u] = frames[u] + 4 + syntax.extraLength();
            longest = Math.max(longest, limit[u]);
        }

        int vocab = model.vocabulary().size();
        // block[u]: where utterance u's k rows sit in the decoder state; an utterance that is done
        // leaves the state, so a batch costs what its unfinished utterances need, not its longest
        int[] block = new int[utterances];
        for (int u = 0; u < utterances; u++) {
            block[u] = u;
        }
        for (int step = 0; step <= longest; step++) {
            float[] logProbs = logits.logSoftmax(-1).toFloatArray();
            long[] parents = new long[rowCount];
            long[] next = new long[rowCount];
            int kept = 0;
            for (int u = 0; u < utterances; u++) {
                if (done[u]) {
                    continue;
                }
                List<Proposal> proposals = propose(u, block[u], k, live, logProbs, vocab, scorers[u], lambda, limit[u],
                        finished.get(u), languageModel(tasks, u));
                Beam[] chosen = new Beam[k];
                int taken = 0;
                for (Proposal p : proposals) {
                    chosen[taken] = p.beam();
                    parents[kept * k + taken] = p.row();
                    next[kept * k + taken] = p.beam().tokens()[p.beam().tokens().length - 1];
                    taken++;
                }
                for (int slot = taken; slot < k; slot++) {
                    // an empty slot keeps a harmless copy of the utterance's first row
                    parents[kept * k + slot] = (long) block[u] * k;
                    next[kept * k + slot] = Vocabulary.PAD;
                }
                System.arraycopy(chosen, 0, live, u * k, k);
                done[u] = taken == 0 || finished.get(u).size() >= k || cannotImprove(chosen, finished.get(u));
                if (!done[u]) {
                    block[u] = kept++;
                }
            }
            if (kept == 0) {
                break;
            }
            rowCount = kept * k;
            state.select(steps.manager().create(Arrays.copyOf(parents, rowCount)));
            logits = steps.advance(state, backbone.step(model.store(), state, steps.manager().create(
                    Arrays.copyOf(next, rowCount), new Shape(rowCount, 1))));
        }
        List<List<Hypothesis>> out = new ArrayList<>();
        for (int u = 0; u < utterances; u++) {
            List<Finished> f = finished.get(u);
            if (f.isEmpty()) {
                // nothing finished within the limit: the best live hypothesis, cut
                Beam best = bestLive(live, u, k);
                out.add(List.of(new Hypothesis(best.tokens(), best.logProbs(), 0)));
            } else {
                out.add(f.stream().sorted(Comparator.comparingDouble(Finished::rank).reversed()).limit(n)
                        .map(Finished::hypothesis).toList());
            }
        }
        return out;
    }

    /**
     * Every live row of utterance {@code u} proposes its {@code K + 1} most probable tokens, {@code <eos>}
     * included. All proposals compete on their score; an {@code <eos>} proposal among the best {@code K}
     * finishes its hypothesis (and takes a place of the beam), the others are returned, best first.
     */
    private List<Proposal> propose(int u, int block, int k, Beam[] live, float[] logProbs, int vocab,
            CtcPrefixScorer scorer, double lambda, int limit, List<Finished> finished, CharNgramModel rowLm) {
        List<Proposal> proposals = new ArrayList<>();
        for (int slot = 0; slot < k; slot++) {
            int row = block * k + slot;
            Beam beam = live[u * k + slot];
            if (beam == null) {
                continue;
            }
            int offset = row * vocab;
            if (beam.tokens().length >= limit) {
                // the length limit cuts this hypothesis as greedy search would: finished without <eos>
                finished.add(new Finished(new Hypothesis(beam.tokens(), beam.logProbs(), 0), rank(beam.score(), beam)));
                continue;
            }
            // each row is one hypothesis: what its syntax refuses cannot be among its proposals
            syntax.refuse(logProbs, offset, vocab, beam.syntaxState());
            for (int token : topTokens(logProbs, offset, vocab, k + 1)) {
                if (token == Vocabulary.PAD || logProbs[offset + token] == Float.NEGATIVE_INFINITY) {
                    continue;
                }
                float logProb = logProbs[offset + token];
                double attention = beam.attention() + logProb;
                if (token == Vocabulary.EOS) {
                    double lmTotal = rowLm == null ? 0
                            : beam.lm() + rowLm.logProb(beam.lmState(), CharNgramModel.BOUNDARY);
                    double score = fuse(options, attention, lambda == 0 ? 0 : scorer.finalScore(beam.ctc()), rowLm,
                            lmTotal);
                    // an ended hypothesis keeps its tokens; its score includes <eos>
                    proposals.add(new Proposal(row, new Beam(beam.tokens(), beam.logProbs(), attention, null,
                            beam.syntaxState(), beam.lmState(), lmTotal, score), logProb));
                } else {
                    // a token outside the transcript (markup) leaves the CTC prefix, and its score, as they were
                    CtcPrefixScorer.State ctcState = lambda == 0 ? null
                            : syntax.scored(beam.syntaxState(), token) ? scorer.extend(beam.ctc(), token) : beam.ctc();
                    int symbol = rowLm == null ? -1 : model.vocabulary().byteOf(token);
                    double lmTotal = symbol < 0 ? beam.lm() : beam.lm() + rowLm.logProb(beam.lmState(), symbol);
                    long lmState = symbol < 0 ? beam.lmState() : rowLm.next(beam.lmState(), symbol);
                    double score = fuse(options, attention, lambda == 0 ? 0 : ctcState.prefixScore(), rowLm, lmTotal);
                    proposals.add(new Proposal(row, beam.extend(token, logProb, ctcState,
                            syntax.next(beam.syntaxState(), token), lmState, lmTotal, score), Float.NaN));
                }
            }
        }
        proposals.sort(Comparator.comparingDouble((Proposal p) -> p.beam().score()).reversed());
        List<Proposal> continuing = new ArrayList<>();
        for (int i = 0; i < Math.min(k, proposals.size()); i++) {
            Proposal p = proposals.get(i);
            if (Float.isNaN(p.endLogProb())) {
                continuing.add(p);
            } else {
                Beam b = p.beam();
                finished.add(new Finished(new Hypothesis(b.tokens(), b.logProbs(), p.endLogProb()), rank(b.score(), b)));
            }
        }
        return continuing;
    }

    /** The language model that scores utterance {@code u}, or null when none does. */
    private CharNgramModel languageModel(RowTasks tasks, int u) {
        return tasks.usesLanguageModel(u) ? lm : null;
    }

    /** {@code (1 - λ) log P_att + λ log P_ctc + β log P_lm}, the last term only with a language model. */
    private static double fuse(DecodingOptions options, double attention, double ctcScore, CharNgramModel lm,
            double lmScore) {
        double lambda = options.ctcWeight();
        double score = lambda == 0 ? attention : (1 - lambda) * attention + lambda * ctcScore;
        return lm == null ? score : score + options.lmWeight() * lmScore;
    }

    private double rank(double score, Beam beam) {
        return score / Math.pow(beam.tokens().length + 1, options.lengthNormalization());
    }

    /** Without length normalisation scores only fall, so a live hypothesis below the best finished one is lost. */
    private boolean cannotImprove(Beam[] chosen, List<Finished> finished) {
        if (options.lengthNormalization() != 0 || finished.isEmpty()) {
            return false;
        }
        double best = finished.stream().mapToDouble(Finished::rank).max().orElseThrow();
        return Arrays.stream(chosen).allMatch(b -> b == null || b.score() <= best);
    }

    private static Beam bestLive(Beam[] live, int u, int k) {
        Beam best = null;
        for (int slot = 0; slot < k; slot++) {
            Beam b = live[u * k + slot];
            if (b != null && (best == null || b.score() > best.score())) {
                best = b;
            }
        }
        return best;
    }

    /** The {@code n} largest entries of {@code values[offset .. offset + size)}, largest first. */
    private static int[] topTokens(float[] values, int offset, int size, int n) {
        int count = Math.min(n, size);
        int[] best = new int[count];
        Arrays.fill(best, -1);
        for (int i = 0; i < size; i++) {
            float v = values[offset + i];
            int pos = count;
            while (pos > 0 && (best[pos - 1] < 0 || values[offset + best[pos - 1]] < v)) {
                pos--;
            }
            if (pos < count) {
                System.arraycopy(best, pos, best, pos + 1, count - pos - 1);
                best[pos] = i;
            }
        }
        return best;
    }
}
