package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What prompts add to one forward pass, row by row. Every part is optional (null when unused).
 * Rows of a batch may carry prompts of different lengths: each part is padded to the longest
 * and its mask says which positions are real, so a row without a prompt has an all-false mask
 * and computes exactly what it would alone.
 *
 * @param encoderPrefix vectors {@code [B, P, D]} prepended to the encoder sequence
 * @param encoderPrefixMask {@code [B, P]} booleans
 * @param decoderPrefix vectors {@code [B, Q, D]} prepended to the decoder input (no loss on them)
 * @param decoderPrefixMask {@code [B, Q]} booleans
 * @param encoderKeyValues per encoder layer, keys and values {@code [B, heads, K, D/heads]} in
 *     front of the layer's own (deep prefixes), or null
 * @param decoderKeyValues per decoder layer, self-attention prefixes, or null
 * @param crossKeyValues per decoder layer, cross-attention prefixes, or null
 * @param keyValueMask {@code [B, K]} booleans over the per-layer prefixes (all layers share K)
 */
public record PromptHooks(NDArray encoderPrefix, NDArray encoderPrefixMask, NDArray decoderPrefix,
        NDArray decoderPrefixMask, List<MultiHeadAttention.KeyValues> encoderKeyValues,
        List<MultiHeadAttention.KeyValues> decoderKeyValues, List<MultiHeadAttention.KeyValues> crossKeyValues,
        NDArray keyValueMask) {

    /** No prompt at all. */
    public static final PromptHooks NONE = new PromptHooks(null, null, null, null, null, null, null, null);

    /** Checks that each part comes with its mask. */
    public PromptHooks {
        if ((encoderPrefix == null) != (encoderPrefixMask == null)) {
            throw new IllegalArgumentException("an encoder prefix needs its mask and the mask its prefix");
        }
        if ((decoderPrefix == null) != (decoderPrefixMask == null)) {
            throw new IllegalArgumentException("a decoder prefix needs its mask and the mask its prefix");
        }
        boolean anyLayer = encoderKeyValues != null || decoderKeyValues != null || crossKeyValues != null;
        if (anyLayer != (keyValueMask != null)) {
            throw new IllegalArgumentException("per-layer prefixes need a key/value mask and the mask a prefix");
        }
    }

    /** @return the number of encoder prefix positions */
    public int encoderPrefixLength() {
        return encoderPrefix == null ? 0 : (int) encoderPrefix.getShape().get(1);
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
        return new PromptHooks(pick(encoderPrefix, rows), pick(encoderPrefixMask, rows), pick(decoderPrefix, rows),
                pick(decoderPrefixMask, rows), pick(encoderKeyValues, rows), pick(decoderKeyValues, rows),
                pick(crossKeyValues, rows), pick(keyValueMask, rows));
    }

    private static NDArray pick(NDArray a, NDArray rows) {
        return a == null ? null : a.get(rows);
    }

    private static List<MultiHeadAttention.KeyValues> pick(List<MultiHeadAttention.KeyValues> layers, NDArray rows) {
        return layers == null ? null : layers.stream()
                .map(kv -> new MultiHeadAttention.KeyValues(kv.keys().get(rows), kv.values().get(rows))).toList();
    }

    /** @return the number of decoder prefix positions */
    public int decoderPrefixLength() {
        return decoderPrefix == null ? 0 : (int) decoderPrefix.getShape().get(1);
    }
}
