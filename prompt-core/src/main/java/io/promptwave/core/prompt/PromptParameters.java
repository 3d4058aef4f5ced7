package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.promptwave.core.artifact.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named arrays of one prompt, in a native manager the prompt owns. Trainable arrays carry a
 * gradient; a loaded prompt's do not, so serving never builds autograd graphs.
 */
final class PromptParameters implements AutoCloseable {
    private final NDManager manager;
    private final boolean trainable;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    /**
     * @param manager a manager the set takes ownership of
     * @param trainable whether arrays get gradients
     */
    PromptParameters(NDManager manager, boolean trainable) {
        this.manager = manager;
        this.trainable = trainable;
    }

    /**
     * Adds a trained array, in memory PyTorch owns: the optimizer writes into it in place, and an array
     * made straight from Java values lives in a direct buffer that only its Java wrapper keeps alive
     * (see {@link Tensor#copyInto}).
     */
    NDArray add(String name, Tensor value) {
        NDArray a = value.toOwnedArray(manager);
        if (trainable) {
            a.setRequiresGradient(true);
        }
        arrays.put(name, a);
        return a;
    }

    /** Adds an array that never trains (a seeded projection). */
    NDArray constant(Tensor value) {
        return value.toOwnedArray(manager);
    }

    /** @return the arrays that train, by name */
    Map<String, NDArray> trained() {
        return Collections.unmodifiableMap(arrays);
    }

    /** @return the manager arrays live in */
    NDManager manager() {
        return manager;
    }

    /**
     * @param prefix put before each name, e.g. {@code ulpt.}
     * @return the trained arrays copied out under prefixed names: the stored form of a prompt
     *     whose trained arrays are what it stores
     */
    Map<String, Tensor> stored(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(prefix + name, Tensor.of(a)));
        return out;
    }

    /**
     * A copy of a prompt array in a call's manager, still connected to the original for gradients.
     * DJL puts an operation's result in its first operand's manager: every computation on a
     * prompt's arrays must start from such a copy, or its results would pile up in the prompt's
     * manager for as long as the prompt lives.
     *
     * @param v a prompt array
     * @param work the call's manager
     * @return {@code v}'s values in {@code work}
     */
    static NDArray local(NDArray v, NDManager work) {
        return work.create(0f).add(v);
    }

    /**
     * @param v an array without a batch axis, in the call's manager
     * @param rows rows of the batch
     * @return {@code v} repeated over a new first axis of {@code rows}
     */
    static NDArray forRows(NDArray v, int rows) {
        long[] shape = v.getShape().getShape();
        long[] batched = new long[shape.length + 1];
        batched[0] = rows;
        System.arraycopy(shape, 0, batched, 1, shape.length);
        return v.expandDims(0).broadcast(new Shape(batched));
    }

    @Override
    public void close() {
        manager.close();
    }
}
