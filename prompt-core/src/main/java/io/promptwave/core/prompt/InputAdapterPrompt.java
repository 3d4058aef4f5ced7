package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;
import java.util.Arrays;
import java.util.Random;

/**
 * A prompt plus a low-rank input adapter: every embedded input frame {@code x} of the encoder becomes
 * {@code x + (x A) B}, with {@code A} of {@code D x r} and {@code B} of {@code r x D} trained
 * ({@code 2 D r} numbers; LoRA, Hu et al. 2021, applied to the encoder's input).
 *
 * <p>Why beside the prompts: vectors in front of the sequence or in front of each attention layer
 * can only add to what the frames say; a new voice, channel or font changes every frame, and a
 * small frozen base does not map those frames to what it knows (BENCHMARKS.md). The adapter
 * corrects the frames themselves, in the spirit of feature-space speaker adaptation (fMLLR), and it
 * stays a few thousand numbers per task that mix freely within a batch: rows without it get a zero
 * correction. {@code B} starts at zero, so training starts exactly from the base's zero-shot output.
 * It is an option on top of any prompt method, counted separately ({@link #ownCount()}).
 */
public final class InputAdapterPrompt extends PromptAddOn {
    /** The down projection's name on disk, {@code [D, r]}. */
    public static final String DOWN = "input_adapter.down";
    /** The up projection's name on disk, {@code [r, D]}. */
    public static final String UP = "input_adapter.up";

    private final NDArray down;
    private final NDArray up;

    /**
     * @param prompt the prompt the adapter goes with (closed with this one)
     * @param manager a manager the adapter takes ownership of
     * @param down {@code [D, r]}
     * @param up {@code [r, D]}
     * @param trainable whether the adapter gets gradients
     */
    public InputAdapterPrompt(SoftPrompt prompt, NDManager manager, Tensor down, Tensor up,
            boolean trainable) {
        super(prompt, checked(manager, down, up), trainable);
        this.down = own().add(DOWN, down);
        this.up = own().add(UP, up);
    }

    @Override
    public String kind() {
        return "input adapter";
    }

    /** The manager, after checking that the projections are {@code [D, r]} and {@code [r, D]}. */
    private static NDManager checked(NDManager manager, Tensor down, Tensor up) {
        if (down.shape().length != 2 || up.shape().length != 2 || down.shape()[1] != up.shape()[0]
                || down.shape()[0] != up.shape()[1]) {
            manager.close();
            throw new IllegalArgumentException("an input adapter needs [D, r] and [r, D] projections, got "
                    + Arrays.toString(down.shape()) + " and " + Arrays.toString(up.shape()));
        }
        return manager;
    }

    /**
     * A new adapter's starting point: {@code A} drawn with variance {@code 1 / D}, {@code B} zero.
     *
     * @param width the model width {@code D}
     * @param rank {@code r}
     * @param seed seeds {@code A}
     * @return {@code A} and {@code B}
     */
    public static Tensor[] start(int width, int rank, long seed) {
        Random random = new Random(seed);
        float[] a = new float[width * rank];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextGaussian() / Math.sqrt(width));
        }
        return new Tensor[] {new Tensor(a, width, rank), new Tensor(new float[rank * width], rank, width)};
    }

    @Override
    public PromptParts parts(Backbone.Embedded rows, boolean training) {
        // the frames come first, so the products live in the call's manager, not the adapter's
        NDArray delta = rows.vectors().matMul(down).matMul(up);
        return prompt().parts(rows, training).merge(new PromptParts(null, null, null, null, null, null, null, delta));
    }
}
