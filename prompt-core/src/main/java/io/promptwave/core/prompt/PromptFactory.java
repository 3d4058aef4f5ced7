package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.MultiHeadAttention;
import io.promptwave.core.model.SpeechModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes prompts for a backbone: new trainable ones from a {@link PromptConfig}, and served ones
 * from the tensors a prompt directory stores.
 */
public final class PromptFactory {
    private final SpeechModel model;
    private final PromptInitializer initializer;

    /** @param model the backbone the prompts steer (it must outlive them) */
    public PromptFactory(SpeechModel model) {
        this.model = model;
        this.initializer = new PromptInitializer(model);
    }

    /**
     * @param config the prompt's shape
     * @param samples utterances of the task, for {@link PromptInit#AUDIO} (may be empty otherwise)
     * @return a new trainable prompt; the caller closes it
     */
    public SoftPrompt create(PromptConfig config, List<FeatureSequence> samples) {
        int n = config.length();
        long seed = config.seed();
        BackboneConfig arch = model.backbone().config();
        requireFrontEnd(arch, config.featureTransformDims());
        SoftPrompt prompt = switch (config.method()) {
            case ENC -> new InputPrompt(model.newWorkManager(), encoderStart(config, n, seed, samples), null, true);
            case DEC -> new InputPrompt(model.newWorkManager(), null, decoderStart(config, n, seed + 1), true);
            case ENC_DEC -> new InputPrompt(model.newWorkManager(), encoderStart(config, n, seed, samples),
                    decoderStart(config, n, seed + 1), true);
            case ULPT -> new UlptPrompt(model.newWorkManager(), config.rank(), arch.dModel(), seed,
                    UlptPrompt.fit(encoderStart(config, n, seed, samples), config.rank(), seed),
                    UlptPrompt.fit(decoderStart(config, n, seed + 1), config.rank(), seed), true);
            case DEEP -> config.reparameterisation() > 0
                    ? DeepPrefix.reparameterised(model.newWorkManager(), arch, config.stacks(),
                            encoderStart(config, n, seed, samples), config.reparameterisation(), seed)
                    : DeepPrefix.plain(model.newWorkManager(), arch, config.stacks(),
                            projectedPrefix(config, encoderStart(config, n, seed, samples)), true);
            case MOE -> mixture(config, samples);
        };
        if (config.inputAdapterRank() > 0) {
            Tensor[] start = InputAdapterPrompt.start(arch.dModel(), config.inputAdapterRank(), seed + 2);
            prompt = new InputAdapterPrompt(prompt, model.newWorkManager(), start[0], start[1], true);
        }
        if (config.featureTransformDims() > 0) {
            Tensor[] start = FeatureTransformPrompt.start(config.featureTransformDims());
            prompt = new FeatureTransformPrompt(prompt, model.newWorkManager(), start[0], start[1], true);
        }
        if (!config.outputBias()) {
            return prompt;
        }
        return new OutputBiasPrompt(prompt, model.newWorkManager(), new Tensor(new float[model.vocabulary().size()],
                model.vocabulary().size()), true);
    }

    /**
     * @param config the prompt's shape, as recorded
     * @param tensors the stored tensors ({@link SoftPrompt#storedTensors()})
     * @return the prompt, without gradients; the caller closes it
     * @throws IllegalArgumentException naming a missing or misshapen tensor
     */
    public SoftPrompt fromStored(PromptConfig config, Map<String, Tensor> tensors) {
        BackboneConfig arch = model.backbone().config();
        int n = config.length();
        int dims = config.featureTransformDims();
        requireFrontEnd(arch, dims);
        // every manager made here is closed again if a tensor turns out missing or misshapen: the
        // arguments that check them are read after the manager they go with is made
        List<NDManager> made = new ArrayList<>();
        try {
            return fromStored(config, tensors, arch, n, dims, () -> {
                NDManager m = model.newWorkManager();
                made.add(m);
                return m;
            });
        } catch (IllegalArgumentException e) {
            made.forEach(NDManager::close);
            throw e;
        }
    }

    private SoftPrompt fromStored(PromptConfig config, Map<String, Tensor> tensors, BackboneConfig arch, int n, int dims,
            java.util.function.Supplier<NDManager> fresh) {
        SoftPrompt prompt = switch (config.method()) {
            case ENC, DEC, ENC_DEC -> {
                Tensor stored = require(tensors, InputPrompt.STORED, config.method() == PromptMethod.ENC_DEC ? 2L * n : n,
                        arch.dModel());
                yield InputPrompt.fromStored(fresh.get(), stored, config.method() == PromptMethod.DEC ? 0 : n);
            }
            case DEEP -> DeepPrefix.plain(fresh.get(), arch, config.stacks(),
                    require(tensors, InputPrompt.STORED, n, DeepPrefix.columns(arch, config.stacks())), false);
            case ULPT -> new UlptPrompt(fresh.get(), config.rank(), arch.dModel(), config.seed(),
                    ulptSide(tensors, "encoder", n, config.rank(), arch.dModel()),
                    ulptSide(tensors, "decoder", n, config.rank(), arch.dModel()), false);
            case MOE -> new MixturePrompt(fresh.get(),
                    require(tensors, "moe.experts.encoder", config.experts(), n, arch.dModel()),
                    require(tensors, "moe.experts.decoder", config.experts(), n, arch.dModel()),
                    require(tensors, "moe.router.weight", arch.dModel(), config.experts()),
                    require(tensors, "moe.router.bias", config.experts()), config.topK(), false);
        };
        if (config.inputAdapterRank() > 0) {
            prompt = new InputAdapterPrompt(prompt, fresh.get(),
                    require(tensors, InputAdapterPrompt.DOWN, arch.dModel(), config.inputAdapterRank()),
                    require(tensors, InputAdapterPrompt.UP, config.inputAdapterRank(), arch.dModel()), false);
        }
        if (dims > 0) {
            prompt = new FeatureTransformPrompt(prompt, fresh.get(), require(tensors, FeatureTransformPrompt.MATRIX, dims, dims),
                    require(tensors, FeatureTransformPrompt.SHIFT, dims), false);
        }
        if (!config.outputBias()) {
            return prompt;
        }
        return new OutputBiasPrompt(prompt, fresh.get(), require(tensors, OutputBiasPrompt.STORED,
                model.vocabulary().size()), false);
    }

    /** A feature transform must read frames one of the base's front-ends reads, or it would never apply. */
    private static void requireFrontEnd(BackboneConfig arch, int dims) {
        if (dims > 0 && dims != arch.featureDims() && dims != arch.imageDims()) {
            throw new IllegalArgumentException("a feature transform over frames of " + dims + " values never applies: "
                    + "the base reads " + arch.featureDims() + " per audio frame"
                    + (arch.imageDims() > 0 ? " and " + arch.imageDims() + " per image column" : ""));
        }
    }

    private static UlptPrompt.Factors ulptSide(Map<String, Tensor> tensors, String side, int n, int rank, int width) {
        return new UlptPrompt.Factors(require(tensors, "ulpt." + side + ".latent", n, rank),
                require(tensors, "ulpt." + side + ".scale", width), require(tensors, "ulpt." + side + ".shift", width));
    }

    private static Tensor require(Map<String, Tensor> tensors, String name, long... shape) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the prompt's weights lack '" + name + "' (have " + tensors.keySet() + ")");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("'" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", the prompt config and the base need " + Arrays.toString(shape));
        }
        return t;
    }

    private Tensor encoderStart(PromptConfig config, int n, long seed, List<FeatureSequence> samples) {
        return switch (config.init()) {
            case RANDOM -> initializer.random(n, seed);
            case VOCAB -> initializer.fromVocabulary(n, seed);
            case TEXT -> initializer.fromText(n, config.initText());
            case AUDIO -> initializer.fromAudio(n, samples);
        };
    }

    private Tensor decoderStart(PromptConfig config, int n, long seed) {
        return switch (config.init()) {
            case RANDOM -> initializer.random(n, seed);
            case VOCAB, AUDIO -> initializer.fromVocabulary(n, seed);
            case TEXT -> initializer.fromText(n, config.initText());
        };
    }

    /**
     * A plain deep prefix whose keys and values are what each layer computes from the starting
     * vectors (normalised as a pre-LayerNorm layer normalises its input): a prefix that starts as
     * something the layers have seen, not as noise.
     */
    private Tensor projectedPrefix(PromptConfig config, Tensor start) {
        Backbone backbone = model.backbone();
        int n = (int) start.shape()[0];
        int d = (int) start.shape()[1];
        List<MultiHeadAttention> attentions = new ArrayList<>();
        if (config.stacks().contains(AttentionStack.ENCODER_SELF)) {
            backbone.encoderLayers().forEach(l -> attentions.add(l.attention()));
        }
        if (config.stacks().contains(AttentionStack.DECODER_SELF)) {
            backbone.decoderLayers().forEach(l -> attentions.add(l.selfAttention()));
        }
        if (config.stacks().contains(AttentionStack.CROSS)) {
            backbone.decoderLayers().forEach(l -> attentions.add(l.crossAttention()));
        }
        float[] out = new float[n * attentions.size() * 2 * d];
        try (NDManager work = model.newWorkManager()) {
            NDArray x = work.create(start.values(), new ai.djl.ndarray.types.Shape(1, n, d));
            NDArray centred = x.sub(x.mean(new int[] {2}, true));
            NDArray normed = centred.div(centred.square().mean(new int[] {2}, true).add(1e-5f).sqrt());
            for (int layer = 0; layer < attentions.size(); layer++) {
                MultiHeadAttention.KeyValues kv = attentions.get(layer).project(model.store(), normed, false);
                float[][] both = {flat(kv.keys(), n, d), flat(kv.values(), n, d)};
                for (int kind = 0; kind < 2; kind++) {
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(both[kind], i * d, out, i * attentions.size() * 2 * d + (layer * 2 + kind) * d, d);
                    }
                }
            }
        }
        return new Tensor(out, n, (long) attentions.size() * 2 * d);
    }

    /** {@code [1, heads, N, D / heads]} to {@code [N, D]} values. */
    private static float[] flat(NDArray perHead, int n, int d) {
        return perHead.transpose(0, 2, 1, 3).reshape(n, d).toFloatArray();
    }

    private SoftPrompt mixture(PromptConfig config, List<FeatureSequence> samples) {
        int e = config.experts();
        int n = config.length();
        int d = model.backbone().config().dModel();
        Random random = new Random(config.seed());
        float[] enc = new float[e * n * d];
        float[] dec = new float[e * n * d];
        for (int k = 0; k < e; k++) {
            // each expert starts from its own draw (or, from text or audio, the same start plus noise)
            // so routing has something to tell apart
            spread(encoderStart(config, n, config.seed() + 7L * k, samples).values(), enc, k * n * d, random);
            spread(decoderStart(config, n, config.seed() + 7L * k + 1).values(), dec, k * n * d, random);
        }
        float[] router = new float[d * e];
        for (int i = 0; i < router.length; i++) {
            router[i] = (float) (random.nextGaussian() / Math.sqrt(d));
        }
        return new MixturePrompt(model.newWorkManager(), new Tensor(enc, e, n, d), new Tensor(dec, e, n, d),
                new Tensor(router, d, e), new Tensor(new float[e], e), config.topK(), true);
    }

    private static void spread(float[] start, float[] into, int offset, Random random) {
        double squares = 0;
        for (float v : start) {
            squares += v * v;
        }
        double noise = 0.1 * Math.sqrt(squares / start.length);
        for (int i = 0; i < start.length; i++) {
            into[offset + i] = (float) (start[i] + random.nextGaussian() * noise);
        }
    }
}
