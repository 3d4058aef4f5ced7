package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm Transformer encoder layer: {@code x + attention(norm(x))}, then
 * {@code x + feedForward(norm(x))}, with dropout on each branch while training. Normalising
 * before each branch keeps the residual path an identity, which lets small models train with
 * larger learning rates and little warm-up. Norms run over the width (axis 2).
 */
public final class EncoderLayer extends AbstractBlock {
    private static final byte VERSION = 2;

    private final LayerNorm attentionNorm;
    private final MultiHeadAttention attention;
    private final FeedForward feedForward;

    /**
     * @param dModel width
     * @param heads attention heads
     * @param feedForwardWidth hidden width of the feed-forward branch
     * @param dropoutRate dropout on each branch while training
     */
    public EncoderLayer(int dModel, int heads, int feedForwardWidth, float dropoutRate) {
        super(VERSION);
        this.attentionNorm = addChildBlock("attention_norm", LayerNorm.builder().axis(2).build());
        this.attention = addChildBlock("attention", new MultiHeadAttention(dModel, heads));
        this.feedForward = addChildBlock("feed_forward", new FeedForward(dModel, feedForwardWidth, dropoutRate));
    }

    /** @return the self-attention, for prompt methods that shape per-layer prefixes */
    public MultiHeadAttention attention() {
        return attention;
    }

    /**
     * @param store parameters
     * @param x {@code [B, T, D]}
     * @param bias additive key bias over {@code prefix} then the {@code T} positions
     * @param prefix prompt keys and values in front of the sequence's own, or null
     * @param training whether dropout applies
     * @return {@code [B, T, D]}
     */
    public NDArray forward(ParameterStore store, NDArray x, NDArray bias, MultiHeadAttention.KeyValues prefix,
            boolean training) {
        NDArray normed = attentionNorm.forward(store, new NDList(x), training).singletonOrThrow();
        MultiHeadAttention.KeyValues kv = attention.project(store, normed, training);
        if (prefix != null) {
            kv = kv.prepend(prefix);
        }
        x = x.add(feedForward.dropout(store, attention.attend(store, normed, kv, bias, training), training));
        return feedForward.residual(store, x, training);
    }

    /** Inputs: {@code [B, T, D]} and a frame mask {@code [B, T]}; output {@code [B, T, D]}. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.get(0), AttentionMask.keyBias(inputs.get(1)), null, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        attentionNorm.initialize(manager, dataType, x);
        attention.initialize(manager, dataType, x, x, new Shape(x.get(0), x.get(1)));
        feedForward.initialize(manager, dataType, x);
    }
}
