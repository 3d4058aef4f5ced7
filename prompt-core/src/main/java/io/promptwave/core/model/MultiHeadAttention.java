package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Scaled dot-product attention over several heads. Inputs: queries {@code [B, Tq, D]}, keys and
 * values {@code [B, Tk, D]}, and a key mask {@code [B, Tk]} (true where a key is real, false on
 * padding); output {@code [B, Tq, D]}. The same block serves self-attention (queries = keys) and
 * the decoder's cross-attention.
 */
public final class MultiHeadAttention extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final float MASKED = -1e9f;

    private final int dModel;
    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    /**
     * @param dModel model width, divisible by {@code heads}
     * @param heads attention heads
     */
    public MultiHeadAttention(int dModel, int heads) {
        super(VERSION);
        if (heads < 1 || dModel % heads != 0) {
            throw new IllegalArgumentException("width " + dModel + " does not split into " + heads + " heads");
        }
        this.dModel = dModel;
        this.heads = heads;
        this.query = addChildBlock("query", Linear.builder().setUnits(dModel).build());
        this.key = addChildBlock("key", Linear.builder().setUnits(dModel).build());
        this.value = addChildBlock("value", Linear.builder().setUnits(dModel).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(dModel).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray queries = inputs.get(0);
        NDArray keys = inputs.get(1);
        NDArray keyMask = inputs.get(2);
        long batch = queries.getShape().get(0);
        long tq = queries.getShape().get(1);
        long tk = keys.getShape().get(1);
        NDArray q = split(query.forward(store, new NDList(queries), training).singletonOrThrow(), batch, tq);
        NDArray k = split(key.forward(store, new NDList(keys), training).singletonOrThrow(), batch, tk);
        NDArray v = split(value.forward(store, new NDList(keys), training).singletonOrThrow(), batch, tk);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(dModel / (double) heads));
        Shape scoreShape = scores.getShape();
        NDArray mask = keyMask.reshape(batch, 1, 1, tk).broadcast(scoreShape);
        NDManager manager = scores.getManager();
        scores = NDArrays.where(mask, scores, manager.full(scoreShape, MASKED));
        NDArray attended = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, tq, dModel);
        return output.forward(store, new NDList(attended), training);
    }

    /** [B, T, D] to [B, heads, T, D / heads]. */
    private NDArray split(NDArray x, long batch, long time) {
        return x.reshape(batch, time, heads, dModel / heads).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        query.initialize(manager, dataType, inputShapes[0]);
        key.initialize(manager, dataType, inputShapes[1]);
        value.initialize(manager, dataType, inputShapes[1]);
        output.initialize(manager, dataType, inputShapes[0]);
    }
}
