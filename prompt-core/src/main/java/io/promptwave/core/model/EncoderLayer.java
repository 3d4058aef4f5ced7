package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm Transformer encoder layer: {@code x + attention(norm(x))}, then
 * {@code x + feedForward(norm(x))}, with dropout on each branch while training. Normalising
 * before each branch keeps the residual path an identity, which lets small models train with
 * larger learning rates and little warm-up. Norms run over the width (axis 2). Inputs:
 * {@code [B, T, D]} and a frame mask
 * {@code [B, T]}; output {@code [B, T, D]}.
 */
public final class EncoderLayer extends AbstractBlock {
    private static final byte VERSION = 1;

    private final LayerNorm attentionNorm;
    private final MultiHeadAttention attention;
    private final LayerNorm feedForwardNorm;
    private final Linear expand;
    private final Linear contract;
    private final Dropout dropout;

    /**
     * @param dModel width
     * @param heads attention heads
     * @param feedForward hidden width of the feed-forward branch
     * @param dropoutRate dropout on each branch while training
     */
    public EncoderLayer(int dModel, int heads, int feedForward, float dropoutRate) {
        super(VERSION);
        this.attentionNorm = addChildBlock("attention_norm", LayerNorm.builder().axis(2).build());
        this.attention = addChildBlock("attention", new MultiHeadAttention(dModel, heads));
        this.feedForwardNorm = addChildBlock("feed_forward_norm", LayerNorm.builder().axis(2).build());
        this.expand = addChildBlock("expand", Linear.builder().setUnits(feedForward).build());
        this.contract = addChildBlock("contract", Linear.builder().setUnits(dModel).build());
        this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray normed = attentionNorm.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray attended = attention.forward(store, new NDList(normed, normed, mask), training).singletonOrThrow();
        x = x.add(dropout.forward(store, new NDList(attended), training).singletonOrThrow());
        NDArray hidden = expand.forward(store, feedForwardNorm.forward(store, new NDList(x), training), training)
                .singletonOrThrow();
        NDArray branch = contract.forward(store, new NDList(Activation.gelu(hidden)), training).singletonOrThrow();
        return new NDList(x.add(dropout.forward(store, new NDList(branch), training).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        attentionNorm.initialize(manager, dataType, x);
        attention.initialize(manager, dataType, x, x, inputShapes[1]);
        feedForwardNorm.initialize(manager, dataType, x);
        expand.initialize(manager, dataType, x);
        contract.initialize(manager, dataType, expand.getOutputShapes(new Shape[] {x})[0]);
        dropout.initialize(manager, dataType, x);
    }
}
