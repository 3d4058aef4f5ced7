package io.promptwave.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.ConstantFactor;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptAssembler;
import io.promptwave.core.prompt.FeatureTransformPrompt;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * The joint CTC-attention loss of one batch (Watanabe et al. 2017):
 * {@code w x CTC per label + (1 - w) x label-smoothed cross-entropy per token}. CTC's monotonic
 * alignment makes a small encoder learn quickly; the attention loss trains the decoder that
 * prompts steer.
 *
 * @param total the scalar to differentiate
 * @param ctcPerLabel CTC loss per label (NaN when no row has CTC)
 * @param attentionPerToken cross-entropy per output token
 * @param frames input frames in the batch, padding excluded
 * @param ctcHealth what the CTC term saw that can make a gradient non-finite ({@link CtcHealth#NONE} without one)
 */
public record BatchLoss(NDArray total, double ctcPerLabel, double attentionPerToken, long frames,
        CtcHealth ctcHealth) {

    /**
     * Counts behind a non-finite gradient that the reported losses cannot show: a row whose CTC loss
     * is not finite is left out of the reported figure, yet its log-probabilities still take part
     * in the backward pass.
     *
     * @param nonFiniteInFrames non-finite CTC log-probabilities in real frames
     * @param nonFiniteInPadding non-finite CTC log-probabilities in padding frames
     * @param rowsWithoutLoss rows meant for CTC whose loss was not finite (too short, or non-finite inputs)
     * @param nonFiniteGradient non-finite entries of the alignment's gradient in the rows kept
     */
    public record CtcHealth(long nonFiniteInFrames, long nonFiniteInPadding, int rowsWithoutLoss,
            long nonFiniteGradient) {
        /** Nothing seen (no CTC term). */
        public static final CtcHealth NONE = new CtcHealth(0, 0, 0, 0);

        @Override
        public String toString() {
            return "CTC log-probabilities non-finite in " + nonFiniteInFrames + " values of real frames and "
                    + nonFiniteInPadding + " of padding, " + rowsWithoutLoss + " rows without a finite CTC loss, "
                    + nonFiniteGradient + " non-finite gradient values";
        }
    }

    /**
     * @param model the model
     * @param work manager for the batch's arrays
     * @param batch the examples (features already augmented if wanted)
     * @param rowPrompts the prompt of each row (null for none)
     * @param config loss weights and smoothing
     * @param training whether dropout applies
     * @return the loss
     */
    public static BatchLoss compute(SpeechModel model, NDManager work, List<TrainingExample> batch,
            List<SoftPrompt> rowPrompts, TrainingConfig config, boolean training) {
        Backbone backbone = model.backbone();
        boolean text = batch.get(0).textOnly();
        List<FeatureSequence> features = new ArrayList<>();
        long frames = 0;
        for (TrainingExample e : batch) {
            if (e.textOnly() != text) {
                throw new IllegalArgumentException("a batch mixes text-only sentences with inputs (" + e.id() + ")");
            }
            if (!text) {
                features.add(e.features());
                frames += e.features().frames();
            }
        }
        PromptAssembler.Assembled prompts;
        Backbone.Encoded encoded;
        if (text) {
            if (rowPrompts.stream().anyMatch(java.util.Objects::nonNull)) {
                throw new IllegalArgumentException("text-only sentences train the decoder, not a prompt");
            }
            prompts = new PromptAssembler.Assembled(PromptHooks.NONE, null);
            encoded = silentInput(work, batch.size(), backbone.config().dModel());
        } else {
            PaddedBatch padded = PaddedBatch.of(work, features);
            Backbone.Embedded embedded = FeatureTransformPrompt.embed(model, padded, rowPrompts, training);
            prompts = PromptAssembler.assemble(embedded, rowPrompts, training);
            encoded = backbone.encode(model.store(), embedded, prompts.hooks(), training);
        }
        PromptHooks hooks = prompts.hooks();

        // decoder: input = prefix + labels, target at i = input at i + 1, then <eos>
        int rows = batch.size();
        int width = 0;
        for (TrainingExample e : batch) {
            width = Math.max(width, e.prefix().length + e.labels().length);
        }
        long[] input = new long[rows * width];
        long[] target = new long[rows * width];
        float[] weight = new float[rows * width];
        boolean[] inputMask = new boolean[rows * width];
        long tokens = 0;
        for (int b = 0; b < rows; b++) {
            TrainingExample e = batch.get(b);
            int k = e.prefix().length;
            int n = e.labels().length;
            for (int i = 0; i < k + n; i++) {
                input[b * width + i] = i < k ? e.prefix()[i] : e.labels()[i - k];
                inputMask[b * width + i] = true;
                if (i >= k - 1) {
                    int j = i - (k - 1);
                    target[b * width + i] = j < n ? e.labels()[j] : Vocabulary.EOS;
                    weight[b * width + i] = 1f;
                    tokens++;
                }
            }
        }
        NDArray logits = backbone.decoderLogits(model.store(), encoded, work.create(input, new Shape(rows, width)),
                work.create(inputMask, new Shape(rows, width)), hooks, training);
        NDArray logProbs = logits.logSoftmax(-1);
        NDArray picked = logProbs.gather(work.create(target, new Shape(rows, width, 1)), 2).squeeze(2);
        float eps = config.labelSmoothing();
        NDArray perToken = ConstantFactor.times(picked, 1 - eps)
                .add(ConstantFactor.times(logProbs.mean(new int[] {2}), eps)).neg();
        NDArray weighted = perToken.mul(work.create(weight, new Shape(rows, width))).sum();
        NDArray attention = ConstantFactor.dividedBy(weighted, Math.max(1, tokens));

        double ctcValue = Double.NaN;
        CtcHealth health = CtcHealth.NONE;
        NDArray total = ConstantFactor.times(attention, 1 - config.ctcWeight());
        if (backbone.hasCtcHead() && config.ctcWeight() > 0) {
            CtcTerm ctc = ctcTerm(backbone, model, encoded, batch, training);
            if (ctc != null) {
                ctcValue = ctc.perLabel;
                health = ctc.health;
                total = total.add(ConstantFactor.times(ctc.surrogate, config.ctcWeight()));
            }
        }
        if (prompts.auxiliaryLoss() != null) {
            total = total.add(prompts.auxiliaryLoss());
        }
        return new BatchLoss(total, ctcValue, attention.getFloat(), frames, health);
    }

    private record CtcTerm(NDArray surrogate, double perLabel, CtcHealth health) {
    }

    /**
     * What the decoder attends to when it reads nothing: one zero vector per row. Cross-attention
     * then adds the same constant at every position, so the decoder learns the text's own
     * regularities (Wav2Seq's decoder pretraining on text, as an internal language model).
     */
    private static Backbone.Encoded silentInput(NDManager work, int rows, int width) {
        boolean[] valid = new boolean[rows];
        java.util.Arrays.fill(valid, true);
        int[] lengths = new int[rows];
        java.util.Arrays.fill(lengths, 1);
        return new Backbone.Encoded(work.zeros(new Shape(rows, 1, width)), work.create(valid, new Shape(rows, 1)), 0,
                lengths);
    }

    private static CtcTerm ctcTerm(Backbone backbone, SpeechModel model, Backbone.Encoded encoded,
            List<TrainingExample> batch, boolean training) {
        int rows = batch.size();
        int[][] targets = new int[rows][];
        long labels = 0;
        boolean any = false;
        for (int b = 0; b < rows; b++) {
            TrainingExample e = batch.get(b);
            // rows without CTC get an empty target and zero weight below
            targets[b] = e.ctc() ? e.ctcLabels() : new int[0];
            if (e.ctc()) {
                labels += e.ctcLabels().length;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        NDArray logProbs = backbone.ctcLogits(model.store(), encoded, training).logSoftmax(-1);
        Shape s = logProbs.getShape();
        int time = (int) s.get(1);
        int vocab = (int) s.get(2);
        float[] values = logProbs.toFloatArray();
        int[] lengths = encoded.frameLengths();
        CtcAlignment alignment = CtcAlignment.compute(values, rows, time, vocab, lengths, targets, Vocabulary.PAD);
        float[] gradient = alignment.gradient();
        double sum = 0;
        float scale = 1f / Math.max(1, labels);
        long inFrames = 0;
        long inPadding = 0;
        long badGradient = 0;
        int rowsWithoutLoss = 0;
        for (int b = 0; b < rows; b++) {
            boolean usable = batch.get(b).ctc() && Double.isFinite(alignment.losses()[b]);
            if (usable) {
                sum += alignment.losses()[b];
            } else if (batch.get(b).ctc()) {
                rowsWithoutLoss++;
            }
            int from = b * time * vocab;
            for (int i = from; i < from + time * vocab; i++) {
                if (!Float.isFinite(values[i])) {
                    if ((i - from) / vocab < lengths[b]) {
                        inFrames++;
                    } else {
                        inPadding++;
                    }
                }
                gradient[i] = usable ? gradient[i] * scale : 0f;
                if (!Float.isFinite(gradient[i])) {
                    badGradient++;
                }
            }
        }
        NDArray g = logProbs.getManager().create(gradient, s);
        NDArray surrogate = logProbs.mul(g).sum();
        return new CtcTerm(surrogate, sum / Math.max(1, labels),
                new CtcHealth(inFrames, inPadding, rowsWithoutLoss, badGradient));
    }

    /** @return the total as a Java number */
    public double value() {
        return total.toType(DataType.FLOAT32, false).getFloat();
    }
}
