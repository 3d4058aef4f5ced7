package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptwave.core.artifact.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A prompt with trained arrays of its own on top (an output bias, an input adapter): the method is
 * the inner prompt's, the parameters and stored tensors are both sets together, and closing closes
 * both. Subclasses add their arrays to {@link #own()} and their part in {@code parts} (a feature
 * transform works before the front-end instead: {@link FeatureTransformPrompt#embed}). Each add-on
 * counts its own numbers apart from the prompt's ({@link #ownCount()}).
 */
public abstract class PromptAddOn implements SoftPrompt {
    private final SoftPrompt prompt;
    private final PromptParameters own;

    /**
     * @param prompt the prompt underneath (closed with this one)
     * @param manager a manager the add-on's arrays live in (it takes ownership)
     * @param trainable whether the add-on's arrays get gradients
     */
    PromptAddOn(SoftPrompt prompt, NDManager manager, boolean trainable) {
        this.prompt = prompt;
        this.own = new PromptParameters(manager, trainable);
    }

    /** @return the prompt underneath */
    public SoftPrompt prompt() {
        return prompt;
    }

    /**
     * @param prompt any prompt
     * @return the prompt under all its add-ons (the prompt itself when it has none)
     */
    public static SoftPrompt innermost(SoftPrompt prompt) {
        SoftPrompt p = prompt;
        while (p instanceof PromptAddOn addOn) {
            p = addOn.prompt();
        }
        return p;
    }

    /**
     * @param prompt any prompt (null: none)
     * @param type an add-on class
     * @param <T> the add-on's type
     * @return the prompt's add-on of that class, or null when it has none
     */
    public static <T extends PromptAddOn> T find(SoftPrompt prompt, Class<T> type) {
        for (SoftPrompt p = prompt; p instanceof PromptAddOn addOn; p = addOn.prompt()) {
            if (type.isInstance(addOn)) {
                return type.cast(addOn);
            }
        }
        return null;
    }

    /** @return what the add-on is, in words for messages ("output bias") */
    public abstract String kind();

    /** @return the number of the add-on's own trained numbers, without the prompt's */
    public long ownCount() {
        return own.trained().values().stream().mapToLong(NDArray::size).sum();
    }

    /** @return the add-on's own arrays, stored under their own names */
    PromptParameters own() {
        return own;
    }

    @Override
    public PromptMethod method() {
        return prompt.method();
    }

    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>(prompt.parameters());
        out.putAll(own.trained());
        return out;
    }

    @Override
    public Map<String, Tensor> storedTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>(prompt.storedTensors());
        out.putAll(own.stored(""));
        return out;
    }

    @Override
    public void close() {
        try {
            prompt.close();
        } finally {
            own.close();
        }
    }
}
