package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;
import java.util.Map;

/**
 * A small set of trained tensors that steers the frozen backbone. Each prompt method is one
 * implementation; a prompt owns its native memory and its owner closes it.
 *
 * <p>A prompt is read-only once trained, so one instance may serve many threads and many
 * batches at once.
 */
public interface SoftPrompt extends AutoCloseable {

    /** @return the method, as {@code adapter_config.json} names it */
    PromptMethod method();

    /**
     * @param rows the embedded encoder input of the rows that use this prompt (a router reads it)
     * @param training whether training-time behaviour (routing noise) applies
     * @return what the prompt adds for those rows
     */
    PromptParts parts(Backbone.Embedded rows, boolean training);

    /** @return the arrays training updates, by stable name (gradients attached while training) */
    Map<String, NDArray> parameters();

    /**
     * The stored form: what {@code adapter_model.safetensors} holds. Training-only structure (a
     * reparameterisation MLP) is folded away, so this may hold fewer numbers than {@link #parameters}.
     *
     * @return tensors by name
     */
    Map<String, Tensor> storedTensors();

    /** @return the number of stored numbers ({@link #storedTensors}), what a prompt costs to keep */
    default long storedCount() {
        return storedTensors().values().stream().mapToLong(Tensor::size).sum();
    }

    /** @return the number of trained numbers ({@link #parameters}) */
    default long trainableCount() {
        return parameters().values().stream().mapToLong(NDArray::size).sum();
    }

    /** Frees the prompt's native memory. */
    @Override
    void close();
}
