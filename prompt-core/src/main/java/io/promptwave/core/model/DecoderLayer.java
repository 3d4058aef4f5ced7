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
 * One pre-LayerNorm Transformer decoder layer: causal self-attention, cross-attention to the
 * encoder output, feed-forward, each as a residual branch.
 *
 * <p>The same {@link #forward} serves training (all positions at once, {@code past} holding at
 * most a prompt prefix) and incremental decoding ({@code past} holding the keys and values of
 * every earlier step): it returns the self-attention keys and values including the new
 * positions, which are the next step's cache.
 */
public final class DecoderLayer extends AbstractBlock {
    private static final byte VERSION = 1;

    private final LayerNorm selfNorm;
    private final MultiHeadAttention selfAttention;
    private final LayerNorm crossNorm;
    private final MultiHeadAttention crossAttention;
    private final FeedForward feedForward;

    /**
     * The layer's output and its self-attention keys and values so far.
     *
     * @param hidden {@code [B, L, D]}
     * @param selfKeyValues keys and values of the prefix, the past and the {@code L} new positions
     */
    public record Output(NDArray hidden, MultiHeadAttention.KeyValues selfKeyValues) {
    }

    /**
     * @param dModel width
     * @param heads attention heads
     * @param feedForwardWidth hidden width of the feed-forward branch
     * @param dropoutRate dropout on each branch while training
     */
    public DecoderLayer(int dModel, int heads, int feedForwardWidth, float dropoutRate) {
        super(VERSION);
        this.selfNorm = addChildBlock("self_norm", LayerNorm.builder().axis(2).build());
        this.selfAttention = addChildBlock("self_attention", new MultiHeadAttention(dModel, heads));
        this.crossNorm = addChildBlock("cross_norm", LayerNorm.builder().axis(2).build());
        this.crossAttention = addChildBlock("cross_attention", new MultiHeadAttention(dModel, heads));
        this.feedForward = addChildBlock("feed_forward", new FeedForward(dModel, feedForwardWidth, dropoutRate));
    }

    /**
     * Zeroes the last projection of each residual branch, which makes the layer the identity on its
     * input (pre-LayerNorm: {@code x + 0 + 0 + 0}) while its weights still receive gradients.
     */
    public void zeroResidualBranches() {
        selfAttention.zeroOutputProjection();
        crossAttention.zeroOutputProjection();
        feedForward.zeroOutputProjection();
    }

    /** @return the self-attention block */
    public MultiHeadAttention selfAttention() {
        return selfAttention;
    }

    /** @return the cross-attention block; {@link MultiHeadAttention#project} of the encoder output feeds it */
    public MultiHeadAttention crossAttention() {
        return crossAttention;
    }

    /**
     * @param store parameters
     * @param x new decoder positions {@code [B, L, D]}
     * @param past self-attention keys and values before them (prompt prefix and cache), or null
     * @param selfBias bias {@code [B, 1, L, past + L]} (causal and padding)
     * @param memory projected encoder output (with any cross-attention prefix)
     * @param memoryBias bias {@code [B, 1, 1, Tk]} over the memory
     * @param training whether dropout applies
     * @return the output and the grown self-attention keys and values
     */
    public Output forward(ParameterStore store, NDArray x, MultiHeadAttention.KeyValues past, NDArray selfBias,
            MultiHeadAttention.KeyValues memory, NDArray memoryBias, boolean training) {
        NDArray normed = selfNorm.forward(store, new NDList(x), training).singletonOrThrow();
        MultiHeadAttention.KeyValues kv = selfAttention.project(store, normed, training);
        if (past != null) {
            kv = past.append(kv);
        }
        x = x.add(feedForward.dropout(store, selfAttention.attend(store, normed, kv, selfBias, training), training));
        NDArray crossIn = crossNorm.forward(store, new NDList(x), training).singletonOrThrow();
        x = x.add(feedForward.dropout(store, crossAttention.attend(store, crossIn, memory, memoryBias, training),
                training));
        return new Output(feedForward.residual(store, x, training), kv);
    }

    /** Inputs: decoder input {@code [B, L, D]}, its mask {@code [B, L]}, memory {@code [B, T, D]}, its mask. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray selfBias = AttentionMask.causalBias(x.getManager(), inputs.get(1), x.getShape().get(1));
        MultiHeadAttention.KeyValues memory = crossAttention.project(store, inputs.get(2), training);
        return new NDList(forward(store, x, null, selfBias, memory, AttentionMask.keyBias(inputs.get(3)), training)
                .hidden());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape memory = inputShapes[2];
        selfNorm.initialize(manager, dataType, x);
        selfAttention.initialize(manager, dataType, x, x, inputShapes[1]);
        crossNorm.initialize(manager, dataType, x);
        crossAttention.initialize(manager, dataType, x, memory, inputShapes[3]);
        feedForward.initialize(manager, dataType, x);
    }
}
