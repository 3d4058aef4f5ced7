package io.promptwave.core.prompt;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a prompt to train: method, sizes, initialisation and seed. Immutable; build with
 * {@link #builder(PromptMethod)}. Recorded in {@code adapter_config.json}.
 *
 * @param method the prompt method
 * @param length positions per prompt: encoder and decoder prompt length ({@code enc}, {@code dec},
 *     {@code enc+dec}, {@code ulpt}), prefix length ({@code deep}), each expert's length ({@code moe})
 * @param stacks attention stacks a deep prefix reaches
 * @param reparameterisation hidden width of the MLP that computes a deep prefix while training (0: plain)
 * @param rank ULPT's latent dimension {@code r}
 * @param experts number of expert prompts of a mixture
 * @param topK experts mixed per utterance
 * @param init where the starting vectors come from
 * @param initText the text of a {@link PromptInit#TEXT} initialisation
 * @param outputBias whether a trained output bias (verbalizer) goes with the prompt
 * @param inputAdapterRank rank of a low-rank input adapter that goes with the prompt
 *     ({@link InputAdapterPrompt}; 0: none)
 * @param featureTransformDims size of the input features a trained feature transform reads
 *     ({@link FeatureTransformPrompt}; 0: none)
 * @param seed fixes initialisation, projection and routing noise
 */
public record PromptConfig(PromptMethod method, int length, Set<AttentionStack> stacks, int reparameterisation,
        int rank, int experts, int topK, PromptInit init, String initText, boolean outputBias, int inputAdapterRank,
        int featureTransformDims, long seed) {

    /** Checks the values. */
    public PromptConfig {
        stacks = stacks.isEmpty() ? EnumSet.noneOf(AttentionStack.class) : EnumSet.copyOf(stacks);
        if (length < 1 || length > 4096) {
            throw new IllegalArgumentException("prompt length must be between 1 and 4096, got " + length);
        }
        if (method == PromptMethod.DEEP && stacks.isEmpty()) {
            throw new IllegalArgumentException("a deep prefix needs at least one attention stack");
        }
        if (reparameterisation < 0 || rank < 1 || experts < 1 || topK < 1 || topK > experts) {
            throw new IllegalArgumentException("bad prompt sizes: reparameterisation " + reparameterisation + ", rank "
                    + rank + ", experts " + experts + ", top-k " + topK + " (rank, experts >= 1; 1 <= top-k <= experts)");
        }
        if (inputAdapterRank < 0 || inputAdapterRank > 256) {
            throw new IllegalArgumentException("the input adapter's rank must be between 0 (none) and 256, got "
                    + inputAdapterRank);
        }
        if (featureTransformDims < 0 || featureTransformDims > FeatureTransformPrompt.MAX_DIMS) {
            throw new IllegalArgumentException("a feature transform reads between 1 and " + FeatureTransformPrompt.MAX_DIMS
                    + " feature values per frame (0: none), got " + featureTransformDims);
        }
        if (init == PromptInit.TEXT && (initText == null || initText.isBlank())) {
            throw new IllegalArgumentException("initialisation from text needs the text (--init-text)");
        }
    }

    /**
     * @param method the prompt method
     * @return a builder with the defaults: length 16, every stack, plain prefixes, rank 4, 4 experts, top-1,
     *     initialised from the vocabulary, no output bias, no input adapter, no feature transform, seed 1
     */
    public static Builder builder(PromptMethod method) {
        return new Builder(method);
    }

    /** @return the fields as {@code adapter_config.json} records them */
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method.id());
        m.put("length", length);
        if (method == PromptMethod.DEEP) {
            m.put("stacks", stacks.stream().map(AttentionStack::id).toList());
            m.put("reparameterisation", reparameterisation);
        }
        if (method == PromptMethod.ULPT) {
            m.put("rank", rank);
        }
        if (method == PromptMethod.MOE) {
            m.put("experts", experts);
            m.put("top_k", topK);
        }
        m.put("init", init.id());
        if (initText != null) {
            m.put("init_text", initText);
        }
        m.put("output_bias", outputBias);
        if (inputAdapterRank > 0) {
            m.put("input_adapter_rank", inputAdapterRank);
        }
        if (featureTransformDims > 0) {
            m.put("feature_transform_dims", featureTransformDims);
        }
        m.put("seed", seed);
        return m;
    }

    /**
     * @param dims the feature size of the training data, for a feature transform (0: none)
     * @return this config with a feature transform over frames of that size
     */
    public PromptConfig withFeatureTransformDims(int dims) {
        return new PromptConfig(method, length, stacks, reparameterisation, rank, experts, topK, init, initText,
                outputBias, inputAdapterRank, dims, seed);
    }

    /**
     * @param m a map as {@link #toConfig()} writes it
     * @return the config
     * @throws IllegalArgumentException naming a missing or bad field
     */
    public static PromptConfig fromConfig(Map<String, ?> m) {
        Object method = m.get("method");
        if (!(method instanceof String s)) {
            throw new IllegalArgumentException("the prompt config lacks its method");
        }
        Builder b = builder(PromptMethod.parse(s)).optLength(integer(m, "length", 16));
        if (m.get("stacks") instanceof List<?> list) {
            EnumSet<AttentionStack> stacks = EnumSet.noneOf(AttentionStack.class);
            for (Object o : list) {
                stacks.add(AttentionStack.parse(String.valueOf(o)));
            }
            b.optStacks(stacks);
        }
        b.optReparameterisation(integer(m, "reparameterisation", 0)).optRank(integer(m, "rank", 4))
                .optExperts(integer(m, "experts", 4)).optTopK(integer(m, "top_k", 1));
        if (m.get("init") instanceof String init) {
            b.optInit(PromptInit.parse(init));
        }
        if (m.get("init_text") instanceof String text) {
            b.optInitText(text);
        }
        b.optOutputBias(Boolean.TRUE.equals(m.get("output_bias")));
        b.optInputAdapterRank(integer(m, "input_adapter_rank", 0));
        b.optFeatureTransformDims(integer(m, "feature_transform_dims", 0));
        b.optSeed(m.get("seed") instanceof Number n ? n.longValue() : 1);
        return b.build();
    }

    private static int integer(Map<String, ?> m, String key, int fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("the prompt config's " + key + " is not a whole number: " + v);
        }
        return n.intValue();
    }

    /** Builder; every field but the method has a default. */
    public static final class Builder {
        private final PromptMethod method;
        private int length = 16;
        private Set<AttentionStack> stacks = EnumSet.allOf(AttentionStack.class);
        private int reparameterisation;
        private int rank = 4;
        private int experts = 4;
        private int topK = 1;
        private PromptInit init = PromptInit.VOCAB;
        private String initText;
        private boolean outputBias;
        private int inputAdapterRank;
        private int featureTransformDims;
        private long seed = 1;

        private Builder(PromptMethod method) {
            this.method = method;
        }

        /** @return this, with the prompt length */
        public Builder optLength(int v) {
            length = v;
            return this;
        }

        /** @return this, with the stacks a deep prefix reaches */
        public Builder optStacks(Set<AttentionStack> v) {
            stacks = v;
            return this;
        }

        /** @return this, with the reparameterisation MLP's hidden width (0: none) */
        public Builder optReparameterisation(int v) {
            reparameterisation = v;
            return this;
        }

        /** @return this, with ULPT's rank */
        public Builder optRank(int v) {
            rank = v;
            return this;
        }

        /** @return this, with the number of experts */
        public Builder optExperts(int v) {
            experts = v;
            return this;
        }

        /** @return this, with the experts per utterance */
        public Builder optTopK(int v) {
            topK = v;
            return this;
        }

        /** @return this, with the initialisation */
        public Builder optInit(PromptInit v) {
            init = v;
            return this;
        }

        /** @return this, with the text of a text initialisation */
        public Builder optInitText(String v) {
            initText = v;
            return this;
        }

        /** @return this, with or without an output bias */
        public Builder optOutputBias(boolean v) {
            outputBias = v;
            return this;
        }

        /** @return this, with a low-rank input adapter of this rank (0: none) */
        public Builder optInputAdapterRank(int v) {
            inputAdapterRank = v;
            return this;
        }

        /** @return this, with a feature transform over frames of this many values (0: none) */
        public Builder optFeatureTransformDims(int v) {
            featureTransformDims = v;
            return this;
        }

        /** @return this, with the seed */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /** @return the config */
        public PromptConfig build() {
            return new PromptConfig(method, length, stacks, reparameterisation, rank, experts, topK, init, initText,
                    outputBias, inputAdapterRank, featureTransformDims, seed);
        }
    }
}
