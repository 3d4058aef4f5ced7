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
 * The position-wise feed-forward branch of a pre-LayerNorm layer with its residual:
 * {@code x + dropout(W2 gelu(W1 norm(x)))}. It also owns the layer's dropout, which the attention
 * branches of the same layer share.
 */
public final class FeedForward extends AbstractBlock {
    private static final byte VERSION = 1;

    private final LayerNorm norm;
    private final Linear expand;
    private final Linear contract;
    private final Dropout dropout;

    /**
     * @param dModel width
     * @param hidden hidden width
     * @param dropoutRate dropout on the branch while training
     */
    public FeedForward(int dModel, int hidden, float dropoutRate) {
        super(VERSION);
        this.norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        this.expand = addChildBlock("expand", Linear.builder().setUnits(hidden).build());
        this.contract = addChildBlock("contract", Linear.builder().setUnits(dModel).build());
        this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    }

    /** Sets the contracting projection's weights and bias to zero: the branch then adds nothing. */
    public void zeroOutputProjection() {
        // w - w, for the reason MultiHeadAttention.zeroOutputProjection gives
        contract.getParameters().values().forEach(p -> p.getArray().subi(p.getArray()));
    }

    /** @return {@code x} plus the feed-forward branch */
    public NDArray residual(ParameterStore store, NDArray x, boolean training) {
        NDArray hidden = expand.forward(store, norm.forward(store, new NDList(x), training), training).singletonOrThrow();
        NDArray branch = contract.forward(store, new NDList(Activation.gelu(hidden)), training).singletonOrThrow();
        return x.add(dropout(store, branch, training));
    }

    /** @return {@code x} with dropout while training, unchanged otherwise */
    public NDArray dropout(ParameterStore store, NDArray x, boolean training) {
        return training ? dropout.forward(store, new NDList(x), true).singletonOrThrow() : x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(residual(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        norm.initialize(manager, dataType, x);
        expand.initialize(manager, dataType, x);
        contract.initialize(manager, dataType, expand.getOutputShapes(new Shape[] {x})[0]);
        dropout.initialize(manager, dataType, x);
    }
}
