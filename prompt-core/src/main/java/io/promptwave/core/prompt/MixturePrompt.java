package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.AttentionMask;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.ConstantFactor;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A mixture of expert prompts (after SMoP, Choi et al. 2023): {@code E} short expert prompts,
 * each with encoder and decoder vectors, and a linear router over the mean-pooled encoder input.
 * Each utterance gets the gate-weighted sum of its top-{@code k} experts, so similar utterances
 * share experts and different ones need not.
 *
 * <p>While training, Gaussian noise on the router's logits explores the experts and a
 * load-balancing term (Switch Transformer: {@code E x sum_i f_i p_i}, {@code f} the share of
 * utterances whose first choice is expert {@code i}, {@code p} its mean gate probability) keeps
 * them all in use. {@link #usage()} counts first choices.
 */
public final class MixturePrompt implements SoftPrompt {
    /** Weight of the load-balancing term in the training loss. */
    public static final float BALANCE_WEIGHT = 0.01f;
    /** Standard deviation of the routing noise while training. */
    public static final float ROUTING_NOISE = 1f;

    private final PromptParameters parameters;
    private final NDArray encoderExperts;
    private final NDArray decoderExperts;
    private final NDArray routerWeight;
    private final NDArray routerBias;
    private final int topK;
    private final AtomicLongArray usage;

    /**
     * @param manager a manager the prompt takes ownership of
     * @param encoderExperts {@code [E, L, D]}
     * @param decoderExperts {@code [E, L, D]}
     * @param routerWeight {@code [D, E]}
     * @param routerBias {@code [E]}
     * @param topK experts per utterance, 1..E
     * @param trainable whether the tensors get gradients
     */
    public MixturePrompt(NDManager manager, Tensor encoderExperts, Tensor decoderExperts, Tensor routerWeight,
            Tensor routerBias, int topK, boolean trainable) {
        long experts = encoderExperts.shape()[0];
        if (encoderExperts.shape().length != 3 || !java.util.Arrays.equals(encoderExperts.shape(), decoderExperts.shape())
                || routerWeight.shape().length != 2 || routerWeight.shape()[1] != experts
                || routerWeight.shape()[0] != encoderExperts.shape()[2] || routerBias.size() != experts) {
            manager.close();
            throw new IllegalArgumentException("mixture tensors do not fit together: experts "
                    + java.util.Arrays.toString(encoderExperts.shape()) + " and "
                    + java.util.Arrays.toString(decoderExperts.shape()) + ", router "
                    + java.util.Arrays.toString(routerWeight.shape()) + " + " + routerBias.size());
        }
        if (topK < 1 || topK > experts) {
            manager.close();
            throw new IllegalArgumentException("top-k " + topK + " outside 1.." + experts + " experts");
        }
        this.parameters = new PromptParameters(manager, trainable);
        this.encoderExperts = parameters.add("experts.encoder", encoderExperts);
        this.decoderExperts = parameters.add("experts.decoder", decoderExperts);
        this.routerWeight = parameters.add("router.weight", routerWeight);
        this.routerBias = parameters.add("router.bias", routerBias);
        this.topK = topK;
        this.usage = new AtomicLongArray((int) experts);
    }

    /** @return the number of experts */
    public int experts() {
        return usage.length();
    }

    /** @return experts mixed per utterance */
    public int topK() {
        return topK;
    }

    /** @return positions of each expert prompt */
    public int expertLength() {
        return (int) encoderExperts.getShape().get(1);
    }

    /** @return how many utterances chose each expert first, since this prompt was made */
    public long[] usage() {
        long[] out = new long[usage.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = usage.get(i);
        }
        return out;
    }

    @Override
    public PromptMethod method() {
        return PromptMethod.MOE;
    }

    @Override
    public PromptParts parts(Backbone.Embedded rows, boolean training) {
        NDManager work = rows.vectors().getManager();
        int b = rows.frameLengths().length;
        int e = experts();
        NDArray logits = rows.meanOverTime().matMul(routerWeight).add(routerBias);
        if (training) {
            logits = logits.add(work.randomNormal(0, ROUTING_NOISE, logits.getShape(), logits.getDataType()));
        }
        float[] values = logits.toFloatArray();
        float[] keep = new float[b * e];
        float[] firstChoice = new float[e];
        for (int r = 0; r < b; r++) {
            Integer[] order = new Integer[e];
            for (int i = 0; i < e; i++) {
                order[i] = i;
            }
            final int row = r;
            java.util.Arrays.sort(order, (x, y) -> Float.compare(values[row * e + y], values[row * e + x]));
            for (int i = topK; i < e; i++) {
                keep[r * e + order[i]] = AttentionMask.BLOCKED;
            }
            firstChoice[order[0]] += 1f / b;
            usage.incrementAndGet(order[0]);
        }
        // the softmax over the chosen experts only: gradients reach the router through the gates
        NDArray gates = logits.add(work.create(keep, new Shape(b, e))).softmax(-1);
        NDArray enc = mix(gates, PromptParameters.local(encoderExperts, work), b);
        NDArray dec = mix(gates, PromptParameters.local(decoderExperts, work), b);
        NDArray balance = null;
        if (training) {
            NDArray meanProbability = logits.softmax(-1).mean(new int[] {0});
            balance = ConstantFactor.times(meanProbability.mul(work.create(firstChoice)).sum(), e * BALANCE_WEIGHT);
        }
        return new PromptParts(enc, dec, null, null, null, null, balance);
    }

    /** {@code [B, E]} gates times {@code [E, L, D]} experts: {@code [B, L, D]}. */
    private static NDArray mix(NDArray gates, NDArray experts, int rows) {
        Shape s = experts.getShape();
        return gates.matMul(experts.reshape(s.get(0), s.get(1) * s.get(2))).reshape(rows, s.get(1), s.get(2));
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters.trained();
    }

    @Override
    public Map<String, Tensor> storedTensors() {
        return parameters.stored("moe.");
    }

    @Override
    public void close() {
        parameters.close();
    }
}
