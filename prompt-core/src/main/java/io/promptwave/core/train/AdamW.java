package io.promptwave.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.promptwave.core.artifact.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019), with its state in the open so a
 * checkpoint can store it and a resumed run continues bit for bit. DJL's own optimizer keeps its
 * moments private. The update itself is PyTorch's fused Adam kernel. Weight decay applies to
 * matrices only, never to biases and norm gains.
 */
public final class AdamW {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private long steps;

    /**
     * @param beta1 first-moment decay
     * @param beta2 second-moment decay
     * @param epsilon denominator guard
     * @param weightDecay decoupled decay per unit learning rate
     */
    public AdamW(float beta1, float beta2, float epsilon, float weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /** @return completed update steps */
    public long steps() {
        return steps;
    }

    /**
     * Applies one update to every parameter.
     *
     * @param parameters name to weight (updated in place)
     * @param gradients name to gradient
     * @param learningRate this step's rate
     * @param gradientScale factor on every gradient (global-norm clipping)
     */
    public void step(Map<String, NDArray> parameters, Map<String, NDArray> gradients, float learningRate,
            float gradientScale) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        float corrected = (float) (learningRate * Math.sqrt(correction2) / correction1);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray weight = e.getValue();
            NDArray grad = gradients.get(e.getKey());
            if (grad == null) {
                continue;
            }
            NDArray mean = means.computeIfAbsent(e.getKey(), k -> zerosBeside(weight));
            NDArray variance = variances.computeIfAbsent(e.getKey(), k -> zerosBeside(weight));
            float decay = weight.getShape().dimension() >= 2 ? weightDecay : 0f;
            weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight),
                    learningRate, corrected, decay, gradientScale, -1f, beta1, beta2, epsilon, true, true);
        }
    }

    private static NDArray zerosBeside(NDArray weight) {
        NDArray zeros = weight.getManager().zeros(weight.getShape(), weight.getDataType());
        return zeros;
    }

    /** @return the moments as tensors named {@code mean/NAME} and {@code variance/NAME} */
    public Map<String, Tensor> state() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : means.entrySet()) {
            state.put("mean/" + e.getKey(), Tensor.of(e.getValue()));
        }
        for (Map.Entry<String, NDArray> e : variances.entrySet()) {
            state.put("variance/" + e.getKey(), Tensor.of(e.getValue()));
        }
        return state;
    }

    /**
     * Restores moments saved by {@link #state()} for the given parameters.
     *
     * @param state the tensors
     * @param parameters the weights the moments belong to (their manager and shapes)
     * @param stepCount completed steps when the state was saved
     */
    public void restore(Map<String, Tensor> state, Map<String, NDArray> parameters, long stepCount) {
        means.clear();
        variances.clear();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            Tensor m = state.get("mean/" + e.getKey());
            Tensor v = state.get("variance/" + e.getKey());
            if (m == null || v == null) {
                continue;
            }
            NDArray w = e.getValue();
            if (!Arrays.equals(m.shape(), w.getShape().getShape())
                    || !Arrays.equals(v.shape(), w.getShape().getShape())) {
                throw new IllegalArgumentException("the optimizer state of '" + e.getKey() + "' has shape "
                        + Arrays.toString(m.shape()) + ", the weight " + w.getShape());
            }
            means.put(e.getKey(), m.toOwnedArray(w.getManager()));
            variances.put(e.getKey(), v.toOwnedArray(w.getManager()));
        }
        this.steps = stepCount;
    }
}
