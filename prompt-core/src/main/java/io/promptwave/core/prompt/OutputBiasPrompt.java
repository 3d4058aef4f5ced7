package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;

/**
 * A prompt plus a trained bias on the decoder's output logits (a verbalizer): {@code V} numbers
 * that shift the output distribution toward the task's tokens. It is an option on top of any
 * prompt method, counted separately ({@link #ownCount()}).
 */
public final class OutputBiasPrompt extends PromptAddOn {
    /** The tensor name on disk. */
    public static final String STORED = "output_bias";

    private final NDArray bias;

    /**
     * @param prompt the prompt the bias goes with (closed with this one)
     * @param manager a manager the bias takes ownership of
     * @param bias {@code [V]}
     * @param trainable whether the bias gets gradients
     */
    public OutputBiasPrompt(SoftPrompt prompt, NDManager manager, Tensor bias, boolean trainable) {
        super(prompt, manager, trainable);
        this.bias = own().add(STORED, bias);
    }

    @Override
    public String kind() {
        return "output bias";
    }

    @Override
    public PromptParts parts(Backbone.Embedded rows, boolean training) {
        NDManager work = rows.vectors().getManager();
        NDArray perRow = PromptParameters.forRows(PromptParameters.local(bias, work), rows.frameLengths().length);
        return prompt().parts(rows, training).merge(new PromptParts(null, null, null, null, null, perRow, null));
    }
}
