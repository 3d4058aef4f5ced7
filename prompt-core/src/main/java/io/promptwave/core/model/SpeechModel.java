package io.promptwave.core.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.promptwave.core.artifact.Fingerprint;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.text.Vocabulary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A backbone with its weights in native memory, its vocabulary and its manager. The owner closes
 * it, which frees every weight. Many threads may run inference on one model at once: each call
 * works in its own child manager ({@link #newWorkManager()}).
 */
public final class SpeechModel implements AutoCloseable {
    private final NDManager manager;
    private final Backbone backbone;
    private final Vocabulary vocabulary;
    private final ParameterStore store;

    private SpeechModel(NDManager manager, Backbone backbone, Vocabulary vocabulary) {
        this.manager = manager;
        this.backbone = backbone;
        this.vocabulary = vocabulary;
        this.store = new ParameterStore(manager, false);
    }

    /**
     * A freshly initialised model.
     *
     * @param config the architecture
     * @param vocabulary the token layout
     * @param seed seeds PyTorch's generator for the initial weights
     * @return the model; close it
     * @throws EngineUnavailableException when PyTorch cannot start
     */
    public static SpeechModel create(BackboneConfig config, Vocabulary vocabulary, int seed)
            throws EngineUnavailableException {
        Engine engine = TensorRuntime.pytorch();
        engine.setRandomSeed(seed);
        NDManager manager = engine.newBaseManager();
        Backbone backbone = new Backbone(config, vocabulary.size());
        try {
            backbone.initialize(manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        // a model starts frozen. Weights that ask for gradients make forward passes on threads other
        // than the engine's first record autograd state: measured on a 15 s utterance with beam 4, a
        // decoding on a server thread peaked at 1,047 MB resident against 451 MB frozen. Training
        // unfreezes what it trains (TrainingTarget).
        backbone.getParameters().values().forEach(p -> p.getArray().setRequiresGradient(false));
        return new SpeechModel(manager, backbone, vocabulary);
    }

    /** @return the network */
    public Backbone backbone() {
        return backbone;
    }

    /** @return the vocabulary */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** @return the parameter store the forward passes read weights through */
    public ParameterStore store() {
        return store;
    }

    /** @return a child manager for one call's intermediate arrays; close it when done */
    public NDManager newWorkManager() {
        return manager.newSubManager();
    }

    /** @return every weight by its stable name, in a fixed order */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : backbone.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray());
        }
        return out;
    }

    /** @return the number of trainable numbers */
    public long parameterCount() {
        long n = 0;
        for (NDArray a : parameters().values()) {
            n += a.size();
        }
        return n;
    }

    /** @return every weight copied out as a tensor */
    public Map<String, Tensor> weights() {
        return Tensor.ofAll(parameters());
    }

    /**
     * Overwrites the weights in place.
     *
     * @param weights a tensor for every parameter, of its shape
     * @throws IllegalArgumentException naming the first missing, unexpected or misshapen tensor
     */
    public void setWeights(Map<String, Tensor> weights) {
        Map<String, NDArray> params = parameters();
        for (String name : weights.keySet()) {
            if (!params.containsKey(name)) {
                throw new IllegalArgumentException("weights hold '" + name + "', which this architecture does not have");
            }
        }
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("weights lack '" + e.getKey() + "'");
            }
            long[] shape = e.getValue().getShape().getShape();
            if (!java.util.Arrays.equals(shape, t.shape())) {
                throw new IllegalArgumentException("'" + e.getKey() + "' has shape " + java.util.Arrays.toString(t.shape())
                        + ", the architecture needs " + java.util.Arrays.toString(shape));
            }
        }
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            weights.get(e.getKey()).copyInto(e.getValue());
        }
    }

    /**
     * A new model that reads images as well: this model's architecture with an image front-end, every
     * weight of this model copied, the image front-end freshly initialised. On audio it computes
     * exactly what this model computes. This model is left as it was.
     *
     * @param imageDims values per image patch column
     * @param imageFrontEndWidth hidden width of the image front-end
     * @param seed seeds the image front-end's initial weights
     * @return the new model; close it
     * @throws IllegalStateException when this model already reads images
     * @throws EngineUnavailableException when PyTorch cannot start
     */
    public SpeechModel withImageFrontEnd(int imageDims, int imageFrontEndWidth, int seed)
            throws EngineUnavailableException {
        if (backbone.config().hasImageFrontEnd()) {
            throw new IllegalStateException("this model already reads images (" + backbone.config().imageDims()
                    + " values per patch column)");
        }
        return carryWeightsInto(create(backbone.config().withImageFrontEnd(imageDims, imageFrontEndWidth), vocabulary,
                seed));
    }

    /**
     * A new model with a deeper decoder: this model's weights copied, {@code layers - current} new
     * decoder layers on top of the trained ones, each starting as the identity
     * ({@link DecoderLayer#zeroResidualBranches}), so the new model computes exactly what this one
     * does until training moves the new layers. This model is left as it was.
     *
     * @param layers decoder depth of the new model, more than this model's
     * @param seed seeds the new layers' initial weights
     * @return the new model; close it
     * @throws IllegalArgumentException when {@code layers} is not more than the current depth
     * @throws EngineUnavailableException when PyTorch cannot start
     */
    public SpeechModel withDecoderLayers(int layers, int seed) throws EngineUnavailableException {
        int current = backbone.config().decoderLayers();
        SpeechModel grown = carryWeightsInto(create(backbone.config().withDecoderLayers(layers), vocabulary, seed));
        try {
            for (int i = current; i < layers; i++) {
                grown.backbone().decoderLayers().get(i).zeroResidualBranches();
            }
            return grown;
        } catch (RuntimeException e) {
            grown.close();
            throw e;
        }
    }

    /**
     * Copies every weight of this model into {@code larger}, a freshly made model whose architecture
     * adds parts to this one's, and returns it; closes it and rethrows when a weight has no place there.
     *
     * @param larger the new model; its added parts keep their fresh weights
     * @return {@code larger}
     */
    private SpeechModel carryWeightsInto(SpeechModel larger) {
        try {
            // a parameter's name starts with its top-level block's position, which moves for every block
            // after an added one (a grown decoder moves decoder_norm and image_front_end): match names without it
            Map<String, NDArray> target = new LinkedHashMap<>();
            larger.parameters().forEach((name, array) -> target.put(withoutPosition(name), array));
            for (Map.Entry<String, Tensor> e : weights().entrySet()) {
                NDArray into = target.get(withoutPosition(e.getKey()));
                if (into == null) {
                    throw new IllegalStateException("the new model has no weight for '" + e.getKey() + "'");
                }
                e.getValue().copyInto(into);
            }
            return larger;
        } catch (RuntimeException e) {
            larger.close();
            throw e;
        }
    }

    /** @return a parameter name without the leading digits DJL gives each child block's position */
    private static String withoutPosition(String name) {
        int i = 0;
        while (i < name.length() && Character.isDigit(name.charAt(i))) {
            i++;
        }
        return name.substring(i);
    }

    /**
     * The base fingerprint prompts are tied to ({@link Fingerprint}).
     *
     * @return 64 hex digits
     */
    public String fingerprint() {
        return Fingerprint.of(weights());
    }

    @Override
    public void close() {
        manager.close();
    }
}
