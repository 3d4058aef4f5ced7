package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import io.promptwave.core.model.MultiHeadAttention;
import java.util.List;

/**
 * What one prompt adds for the {@code B} rows of a batch that use it, before rows of different
 * prompts are padded together ({@link PromptAssembler}). Every part is optional (null when the
 * prompt does not use it).
 *
 * @param encoderInput {@code [B, P, D]} vectors in front of the encoder sequence
 * @param decoderInput {@code [B, Q, D]} vectors in front of the decoder input
 * @param encoderSelf per encoder layer, keys and values {@code [B, heads, K, D / heads]}
 * @param decoderSelf per decoder layer, self-attention keys and values
 * @param cross per decoder layer, cross-attention keys and values
 * @param outputBias {@code [B, V]} added to the decoder's logits
 * @param auxiliaryLoss a scalar the training loss adds (the mixture's load balancing), or null
 * @param inputDelta {@code [B, T, D]} added to the embedded encoder input, frame by frame (an input adapter)
 */
public record PromptParts(NDArray encoderInput, NDArray decoderInput, List<MultiHeadAttention.KeyValues> encoderSelf,
        List<MultiHeadAttention.KeyValues> decoderSelf, List<MultiHeadAttention.KeyValues> cross,
        NDArray outputBias, NDArray auxiliaryLoss, NDArray inputDelta) {

    /** Nothing at all. */
    public static final PromptParts NONE = new PromptParts(null, null, null, null, null, null, null, null);

    /** Parts that leave the encoder's input frames as they are (every method but the input adapter). */
    public PromptParts(NDArray encoderInput, NDArray decoderInput, List<MultiHeadAttention.KeyValues> encoderSelf,
            List<MultiHeadAttention.KeyValues> decoderSelf, List<MultiHeadAttention.KeyValues> cross,
            NDArray outputBias, NDArray auxiliaryLoss) {
        this(encoderInput, decoderInput, encoderSelf, decoderSelf, cross, outputBias, auxiliaryLoss, null);
    }

    /**
     * Both prompts' parts together: a part only one of them has is kept; a part both have is
     * concatenated along its positions (output biases add up, auxiliary losses and input deltas too).
     *
     * @param other parts for the same rows
     * @return the union
     */
    public PromptParts merge(PromptParts other) {
        return new PromptParts(joinPositions(encoderInput, other.encoderInput, 1),
                joinPositions(decoderInput, other.decoderInput, 1), joinLayers(encoderSelf, other.encoderSelf),
                joinLayers(decoderSelf, other.decoderSelf), joinLayers(cross, other.cross),
                sum(outputBias, other.outputBias), sum(auxiliaryLoss, other.auxiliaryLoss),
                sum(inputDelta, other.inputDelta));
    }

    private static NDArray joinPositions(NDArray a, NDArray b, int axis) {
        return a == null ? b : b == null ? a : a.concat(b, axis);
    }

    private static NDArray sum(NDArray a, NDArray b) {
        return a == null ? b : b == null ? a : a.add(b);
    }

    private static List<MultiHeadAttention.KeyValues> joinLayers(List<MultiHeadAttention.KeyValues> a,
            List<MultiHeadAttention.KeyValues> b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return java.util.stream.IntStream.range(0, a.size()).mapToObj(i -> b.get(i).prepend(a.get(i))).toList();
    }
}
