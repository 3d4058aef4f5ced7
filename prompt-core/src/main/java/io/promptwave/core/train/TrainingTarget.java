package io.promptwave.core.train;

import ai.djl.ndarray.NDArray;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a training run updates: the whole backbone (pretraining, full fine-tuning, training from
 * scratch), a part of it (decoder-only fine-tuning), or only a prompt on a frozen backbone. The
 * arrays left out get no gradients and no optimizer state, so they stay byte-identical.
 */
public final class TrainingTarget {
    private final Map<String, NDArray> parameters;
    private final SoftPrompt prompt;
    private final String description;

    private TrainingTarget(Map<String, NDArray> parameters, SoftPrompt prompt, String description) {
        this.parameters = parameters;
        this.prompt = prompt;
        this.description = description;
    }

    /** What {@link #wholeModel} trains, as {@link #description} says it. */
    public static final String WHOLE_BACKBONE = "the whole backbone";

    /**
     * @param model the model
     * @return every backbone weight trains
     */
    public static TrainingTarget wholeModel(SpeechModel model) {
        return backboneWeights(model, name -> true, WHOLE_BACKBONE);
    }

    /**
     * @param model the model
     * @param trained which weights train, by name; the rest are frozen
     * @param description what trains, for messages
     * @return the target
     * @throws IllegalArgumentException when no weight is chosen
     */
    public static TrainingTarget backboneWeights(SpeechModel model, Predicate<String> trained, String description) {
        Map<String, NDArray> chosen = new LinkedHashMap<>();
        model.parameters().forEach((name, array) -> {
            boolean train = trained.test(name);
            array.setRequiresGradient(train);
            if (train) {
                chosen.put(name, array);
            }
        });
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no backbone weight matches " + description);
        }
        return new TrainingTarget(chosen, null, description);
    }

    /**
     * @param model the backbone, frozen by this call
     * @param prompt the prompt that trains
     * @return the target
     */
    public static TrainingTarget prompt(SpeechModel model, SoftPrompt prompt) {
        model.parameters().values().forEach(a -> a.setRequiresGradient(false));
        return new TrainingTarget(new LinkedHashMap<>(prompt.parameters()), prompt, "a " + prompt.method() + " prompt");
    }

    /** @return the arrays that train, by name */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** @return the prompt that trains, or null when backbone weights do */
    public SoftPrompt prompt() {
        return prompt;
    }

    /** @return what trains, in words */
    public String description() {
        return description;
    }

    /** @return the number of trained numbers */
    public long count() {
        return parameters.values().stream().mapToLong(NDArray::size).sum();
    }

    /** @return the trained arrays copied out, for a checkpoint */
    public Map<String, Tensor> snapshot() {
        return Tensor.ofAll(parameters);
    }

    /**
     * Puts a {@link #snapshot} back.
     *
     * @param values a tensor for every trained array, of its shape
     * @throws IllegalArgumentException naming the first missing or misshapen tensor
     */
    public void restore(Map<String, Tensor> values) {
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            Tensor t = values.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("the checkpoint lacks '" + e.getKey() + "'");
            }
            if (!Arrays.equals(t.shape(), e.getValue().getShape().getShape())) {
                throw new IllegalArgumentException("'" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                        + " in the checkpoint, " + e.getValue().getShape() + " in the run");
            }
        }
        parameters.forEach((name, a) -> values.get(name).copyInto(a));
    }
}
