package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.MultiHeadAttention;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prefix tuning (Li and Liang 2021; P-Tuning v2): {@code K} trained keys and values in front of
 * every attention layer of the chosen stacks, already in each layer's projected space.
 *
 * <p>All prefixes form one matrix {@code [K, layers x 2 x D]} (keys then values per layer, the
 * stacks in {@link AttentionStack} order), the layout PEFT stores under {@code prompt_embeddings}.
 * Trained plainly, that matrix is the parameter. Reparameterised, it is the output of a small MLP
 * over a {@code [K, D]} embedding, which trains more stably; {@link #storedTensors} runs the MLP
 * once and stores the plain matrix, so serving never sees the MLP.
 */
public final class DeepPrefix implements SoftPrompt {
    private final PromptParameters parameters;
    private final Set<AttentionStack> stacks;
    private final int length;
    private final int heads;
    private final int width;
    private final int encoderLayers;
    private final int decoderLayers;
    private final NDArray plain;
    private final NDArray embedding;
    private final NDArray hiddenWeight;
    private final NDArray hiddenBias;
    private final NDArray outputWeight;
    private final NDArray outputBias;

    private DeepPrefix(NDManager manager, BackboneConfig config, Set<AttentionStack> stacks, int length,
            Tensor plainValues, Tensor[] mlp, boolean trainable) {
        if (stacks.isEmpty()) {
            manager.close();
            throw new IllegalArgumentException("a deep prefix needs at least one attention stack");
        }
        this.parameters = new PromptParameters(manager, trainable);
        this.stacks = EnumSet.copyOf(stacks);
        this.length = length;
        this.heads = config.heads();
        this.width = config.dModel();
        this.encoderLayers = config.encoderLayers();
        this.decoderLayers = config.decoderLayers();
        if (plainValues != null) {
            long[] expected = {length, columns()};
            if (!java.util.Arrays.equals(plainValues.shape(), expected)) {
                parameters.close();
                throw new IllegalArgumentException("a deep prefix over " + stacks + " of length " + length
                        + " needs a matrix " + java.util.Arrays.toString(expected) + ", got "
                        + java.util.Arrays.toString(plainValues.shape()));
            }
            this.plain = parameters.add("prefix", plainValues);
            this.embedding = null;
            this.hiddenWeight = null;
            this.hiddenBias = null;
            this.outputWeight = null;
            this.outputBias = null;
        } else {
            this.plain = null;
            this.embedding = parameters.add("reparam.embedding", mlp[0]);
            this.hiddenWeight = parameters.add("reparam.hidden.weight", mlp[1]);
            this.hiddenBias = parameters.add("reparam.hidden.bias", mlp[2]);
            this.outputWeight = parameters.add("reparam.output.weight", mlp[3]);
            this.outputBias = parameters.add("reparam.output.bias", mlp[4]);
        }
    }

    /**
     * A plain prefix.
     *
     * @param manager a manager the prompt takes ownership of
     * @param config the backbone's architecture
     * @param stacks which attention stacks get prefixes
     * @param values {@code [K, layers x 2 x D]}
     * @param trainable whether the matrix gets gradients
     * @return the prefix
     */
    public static DeepPrefix plain(NDManager manager, BackboneConfig config, Set<AttentionStack> stacks, Tensor values,
            boolean trainable) {
        return new DeepPrefix(manager, config, stacks, (int) values.shape()[0], values, null, trainable);
    }

    /**
     * A prefix computed by an MLP {@code tanh(E W1 + b1) W2 + b2} while training.
     *
     * @param manager a manager the prompt takes ownership of
     * @param config the backbone's architecture
     * @param stacks which attention stacks get prefixes
     * @param embedding {@code [K, D]} the MLP's input
     * @param hidden the MLP's hidden width
     * @param seed seeds the MLP's initial weights
     * @return the prefix, trainable
     */
    public static DeepPrefix reparameterised(NDManager manager, BackboneConfig config, Set<AttentionStack> stacks,
            Tensor embedding, int hidden, long seed) {
        int d = config.dModel();
        int columns = columns(config, stacks);
        java.util.Random random = new java.util.Random(seed);
        Tensor[] mlp = {embedding, gaussian(random, 1 / Math.sqrt(d), d, hidden), new Tensor(new float[hidden], hidden),
            gaussian(random, 0.02, hidden, columns), new Tensor(new float[columns], columns)};
        return new DeepPrefix(manager, config, stacks, (int) embedding.shape()[0], null, mlp, true);
    }

    private static Tensor gaussian(java.util.Random random, double std, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * std);
        }
        return new Tensor(v, rows, cols);
    }

    /** @return the attention stacks with prefixes */
    public Set<AttentionStack> stacks() {
        return EnumSet.copyOf(stacks);
    }

    /** @return prefix positions per layer */
    public int length() {
        return length;
    }

    /** @return whether an MLP computes the prefixes (training only) */
    public boolean isReparameterised() {
        return plain == null;
    }

    private int columns() {
        return layers() * 2 * width;
    }

    private int layers() {
        return (stacks.contains(AttentionStack.ENCODER_SELF) ? encoderLayers : 0)
                + (stacks.contains(AttentionStack.DECODER_SELF) ? decoderLayers : 0)
                + (stacks.contains(AttentionStack.CROSS) ? decoderLayers : 0);
    }

    /** @return the width of the stored matrix for these stacks of this architecture */
    public static int columns(BackboneConfig config, Set<AttentionStack> stacks) {
        int layers = (stacks.contains(AttentionStack.ENCODER_SELF) ? config.encoderLayers() : 0)
                + (stacks.contains(AttentionStack.DECODER_SELF) ? config.decoderLayers() : 0)
                + (stacks.contains(AttentionStack.CROSS) ? config.decoderLayers() : 0);
        return layers * 2 * config.dModel();
    }

    /** @return the prefix matrix {@code [K, layers x 2 x D]} in {@code work} */
    private NDArray matrix(NDManager work) {
        if (plain != null) {
            return PromptParameters.local(plain, work);
        }
        NDArray e = PromptParameters.local(embedding, work);
        return e.matMul(hiddenWeight).add(hiddenBias).tanh().matMul(outputWeight).add(outputBias);
    }

    @Override
    public PromptMethod method() {
        return PromptMethod.DEEP;
    }

    @Override
    public PromptParts parts(Backbone.Embedded rows, boolean training) {
        NDManager work = rows.vectors().getManager();
        int b = rows.frameLengths().length;
        // [K, layers, 2, heads, D/heads] -> [layers, 2, heads, K, D/heads]
        NDArray perLayer = matrix(work).reshape(length, layers(), 2, heads, width / heads).transpose(1, 2, 3, 0, 4);
        List<List<MultiHeadAttention.KeyValues>> byStack = new ArrayList<>();
        int layer = 0;
        for (AttentionStack stack : AttentionStack.values()) {
            if (!stacks.contains(stack)) {
                byStack.add(null);
                continue;
            }
            int count = stack == AttentionStack.ENCODER_SELF ? encoderLayers : decoderLayers;
            List<MultiHeadAttention.KeyValues> kv = new ArrayList<>();
            for (int i = 0; i < count; i++, layer++) {
                kv.add(new MultiHeadAttention.KeyValues(PromptParameters.forRows(perLayer.get(layer + ",0"), b),
                        PromptParameters.forRows(perLayer.get(layer + ",1"), b)));
            }
            byStack.add(kv);
        }
        return new PromptParts(null, null, byStack.get(0), byStack.get(1), byStack.get(2), null, null);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters.trained();
    }

    @Override
    public Map<String, Tensor> storedTensors() {
        try (NDManager work = parameters.manager().newSubManager()) {
            return Map.of(InputPrompt.STORED, Tensor.of(matrix(work)));
        }
    }

    @Override
    public void close() {
        parameters.close();
    }
}
