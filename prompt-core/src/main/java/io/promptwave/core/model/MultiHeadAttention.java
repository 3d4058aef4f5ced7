package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Scaled dot-product attention over several heads. The same block serves the encoder's and the
 * decoder's self-attention and the decoder's cross-attention.
 *
 * <p>Work is split in two steps so the decoder can cache: {@link #project} turns a key/value
 * sequence into per-head keys and values once, and {@link #attend} lets any number of query
 * steps attend to them. Prompt prefixes enter as extra keys and values ({@link KeyValues#prepend}),
 * already in the per-head projected space, as prefix tuning defines them.
 *
 * <p>Masks are additive biases {@code [B, 1, Tq or 1, Tk]}: 0 where a query may look, a large
 * negative number where it may not ({@link AttentionMask}).
 */
public final class MultiHeadAttention extends AbstractBlock {
    private static final byte VERSION = 2;

    private final int dModel;
    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    /**
     * Per-head keys and values {@code [B, heads, Tk, D / heads]}.
     *
     * @param keys projected keys
     * @param values projected values
     */
    public record KeyValues(NDArray keys, NDArray values) {
        /** @return these keys and values with {@code prefix}'s in front (time axis 2) */
        public KeyValues prepend(KeyValues prefix) {
            return new KeyValues(prefix.keys.concat(keys, 2), prefix.values.concat(values, 2));
        }

        /** @return these keys and values followed by {@code step}'s (the decoder's cache growing by one step) */
        public KeyValues append(KeyValues step) {
            return new KeyValues(keys.concat(step.keys, 2), values.concat(step.values, 2));
        }

        /** @return the number of key positions */
        public long length() {
            return keys.getShape().get(2);
        }
    }

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

    /**
     * Sets the output projection's weights and bias to zero, so the block adds nothing to a residual
     * stream until training moves them (a layer grown onto a trained model starts as the identity).
     */
    public void zeroOutputProjection() {
        // w - w: weights are finite, and it keeps arithmetic with Java numbers out of this class (ConstantFactor)
        output.getParameters().values().forEach(p -> p.getArray().subi(p.getArray()));
    }

    /** @return the number of heads */
    public int heads() {
        return heads;
    }

    /**
     * @param store parameters
     * @param sequence keys and values {@code [B, Tk, D]}
     * @param training whether gradients and dropout apply
     * @return per-head keys and values
     */
    public KeyValues project(ParameterStore store, NDArray sequence, boolean training) {
        long batch = sequence.getShape().get(0);
        long time = sequence.getShape().get(1);
        NDArray k = split(key.forward(store, new NDList(sequence), training).singletonOrThrow(), batch, time);
        NDArray v = split(value.forward(store, new NDList(sequence), training).singletonOrThrow(), batch, time);
        return new KeyValues(k, v);
    }

    /**
     * @param store parameters
     * @param queries {@code [B, Tq, D]}
     * @param keyValues from {@link #project}, possibly with prefixes or a cache; one row for every
     *     query row, or one for each run of {@code g} consecutive query rows (beam hypotheses sharing
     *     an utterance's encoder output)
     * @param maskBias additive bias broadcastable to {@code [B, heads, Tq, Tk]}
     * @param training whether gradients and dropout apply
     * @return {@code [B, Tq, D]}
     */
    public NDArray attend(ParameterStore store, NDArray queries, KeyValues keyValues, NDArray maskBias,
            boolean training) {
        long batch = queries.getShape().get(0);
        long tq = queries.getShape().get(1);
        long kvBatch = keyValues.keys().getShape().get(0);
        if (batch % kvBatch != 0) {
            throw new IllegalArgumentException(batch + " query rows do not share " + kvBatch + " key rows");
        }
        long group = batch / kvBatch;
        long dk = dModel / heads;
        NDArray q = split(query.forward(store, new NDList(queries), training).singletonOrThrow(), batch, tq);
        if (group > 1) {
            // [B*g, h, tq, dk] -> [B, h, g*tq, dk]: a group's queries are one longer query of its key row
            q = q.reshape(kvBatch, group, heads, tq, dk).transpose(0, 2, 1, 3, 4).reshape(kvBatch, heads, group * tq, dk);
        }
        // the transposed view belongs to the keys' manager, which for the cross-attention memory lives as
        // long as a whole decoding: hand it to the query's, which lives one step
        NDArray keysT = keyValues.keys().transpose(0, 1, 3, 2);
        keysT.attach(q.getManager());
        NDArray scores = ConstantFactor.dividedBy(q.matMul(keysT), Math.sqrt(dk));
        NDArray context = scores.add(maskBias).softmax(-1).matMul(keyValues.values());
        if (group > 1) {
            context = context.reshape(kvBatch, heads, group, tq, dk).transpose(0, 2, 1, 3, 4)
                    .reshape(batch, heads, tq, dk);
        }
        NDArray attended = context.transpose(0, 2, 1, 3).reshape(batch, tq, dModel);
        return output.forward(store, new NDList(attended), training).singletonOrThrow();
    }

    /** Inputs: queries {@code [B, Tq, D]}, keys/values {@code [B, Tk, D]}, key mask {@code [B, Tk]} (true = real). */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray bias = AttentionMask.keyBias(inputs.get(2));
        return new NDList(attend(store, inputs.get(0), project(store, inputs.get(1), training), bias, training));
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
