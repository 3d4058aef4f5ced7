package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * What prompts add to one forward pass, row by row. Every part is optional (null when unused).
 * Rows of a batch may carry prompts of different methods and lengths: each part is padded to the
 * longest and its mask says which positions are real, so a row without a part has an all-false
 * mask and computes exactly what it would alone.
 *
 * @param encoderInput vectors prepended to the encoder sequence
 * @param decoderInput vectors prepended to the decoder input (no loss on them)
 * @param encoderSelf key/value prefixes of every encoder self-attention layer
 * @param decoderSelf key/value prefixes of every decoder self-attention layer
 * @param cross key/value prefixes of every decoder cross-attention layer
 * @param outputBias {@code [B, V]} added to the decoder's logits (a trained verbalizer), or null
 * @param inputDelta {@code [B, T, D]} added to the embedded encoder input before any prefix (an input
 *     adapter; zero for rows without one), or null
 */
public record PromptHooks(InputPrefix encoderInput, InputPrefix decoderInput, LayerPrefixes encoderSelf,
        LayerPrefixes decoderSelf, LayerPrefixes cross, NDArray outputBias, NDArray inputDelta) {

    /** No prompt at all. */
    public static final PromptHooks NONE = new PromptHooks(null, null, null, null, null, null, null);

    /** Hooks that leave the encoder's input frames as they are. */
    public PromptHooks(InputPrefix encoderInput, InputPrefix decoderInput, LayerPrefixes encoderSelf,
            LayerPrefixes decoderSelf, LayerPrefixes cross, NDArray outputBias) {
        this(encoderInput, decoderInput, encoderSelf, decoderSelf, cross, outputBias, null);
    }

    /**
     * Vectors in front of a sequence.
     *
     * @param vectors {@code [B, P, D]}
     * @param mask {@code [B, P]} booleans, true on real positions
     */
    public record InputPrefix(NDArray vectors, NDArray mask) {
        /** @return the number of (padded) positions */
        public int length() {
            return (int) vectors.getShape().get(1);
        }

        InputPrefix select(NDArray rows) {
            return new InputPrefix(vectors.get(rows), mask.get(rows));
        }
    }

    /**
     * Keys and values in front of one stack's attention, one entry per layer, all of one length.
     *
     * @param layers per layer, keys and values {@code [B, heads, K, D / heads]} in the projected space
     * @param mask {@code [B, K]} booleans, true on real positions
     */
    public record LayerPrefixes(List<MultiHeadAttention.KeyValues> layers, NDArray mask) {
        /** Copies the list. */
        public LayerPrefixes {
            layers = List.copyOf(layers);
        }

        LayerPrefixes select(NDArray rows) {
            return new LayerPrefixes(layers.stream()
                    .map(kv -> new MultiHeadAttention.KeyValues(kv.keys().get(rows), kv.values().get(rows))).toList(),
                    mask.get(rows));
        }

        /** @return layer {@code i}'s keys and values */
        public MultiHeadAttention.KeyValues layer(int i) {
            return layers.get(i);
        }
    }

    /** @return the number of encoder prefix positions */
    public int encoderPrefixLength() {
        return encoderInput == null ? 0 : encoderInput.length();
    }

    /** @return the number of decoder prefix positions */
    public int decoderPrefixLength() {
        return decoderInput == null ? 0 : decoderInput.length();
    }

    /**
     * Moves every array of these hooks to {@code manager}, so work done on them (whose results join
     * their inputs' manager) is freed with it. Only for hooks no one else holds, such as a fresh
     * {@link #selectRows} result.
     *
     * @param manager the new owner
     * @return these hooks
     */
    public PromptHooks attachTo(NDManager manager) {
        for (InputPrefix p : new InputPrefix[] {encoderInput, decoderInput}) {
            if (p != null) {
                p.vectors().attach(manager);
                p.mask().attach(manager);
            }
        }
        for (LayerPrefixes p : new LayerPrefixes[] {encoderSelf, decoderSelf, cross}) {
            if (p != null) {
                for (MultiHeadAttention.KeyValues kv : p.layers()) {
                    kv.keys().attach(manager);
                    kv.values().attach(manager);
                }
                p.mask().attach(manager);
            }
        }
        for (NDArray a : new NDArray[] {outputBias, inputDelta}) {
            if (a != null) {
                a.attach(manager);
            }
        }
        return this;
    }

    /**
     * @param rows int64 {@code [B']} row indices, repeats allowed (beam search gives each utterance's
     *     prompt to all its hypotheses)
     * @return these hooks with their rows picked in that order
     */
    public PromptHooks selectRows(NDArray rows) {
        if (this == NONE) {
            return NONE;
        }
        return new PromptHooks(encoderInput == null ? null : encoderInput.select(rows),
                decoderInput == null ? null : decoderInput.select(rows),
                encoderSelf == null ? null : encoderSelf.select(rows),
                decoderSelf == null ? null : decoderSelf.select(rows), cross == null ? null : cross.select(rows),
                outputBias == null ? null : outputBias.get(rows), inputDelta == null ? null : inputDelta.get(rows));
    }
}
