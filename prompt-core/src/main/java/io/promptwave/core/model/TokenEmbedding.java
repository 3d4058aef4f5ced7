package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The decoder's token table {@code [V, D]}, used twice: to look tokens up and, transposed, as the
 * output projection (tied embeddings). Tying halves the parameters the vocabulary costs and lets
 * prompts initialised from token embeddings live in the same space the decoder reads.
 */
public final class TokenEmbedding extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int vocabularySize;
    private final int dModel;
    private final Parameter weight;

    /**
     * @param vocabularySize tokens
     * @param dModel width
     */
    public TokenEmbedding(int vocabularySize, int dModel) {
        super(VERSION);
        this.vocabularySize = vocabularySize;
        this.dModel = dModel;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer((float) Math.pow(dModel, -0.5)))
                .optShape(new Shape(vocabularySize, dModel)).build());
    }

    /** @return the table {@code [V, D]} */
    public NDArray table(ParameterStore store, NDArray onDeviceOf, boolean training) {
        return store.getValue(weight, onDeviceOf.getDevice(), training);
    }

    /**
     * @param ids {@code [B, L]} int64 token ids
     * @return {@code [B, L, D]}
     */
    public NDArray lookup(ParameterStore store, NDArray ids, boolean training) {
        NDArray table = table(store, ids, training);
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * @param hidden {@code [B, L, D]}
     * @return logits {@code [B, L, V]}
     */
    public NDArray logits(ParameterStore store, NDArray hidden, boolean training) {
        // the transposed view would belong to the weights' manager and outlive the call: hand it to the caller's
        NDArray transposed = table(store, hidden, training).transpose();
        transposed.attach(hidden.getManager());
        return hidden.matMul(transposed);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(lookup(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dModel)};
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        // the shape is fixed at construction
    }

    /** @return the number of tokens */
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }
}
