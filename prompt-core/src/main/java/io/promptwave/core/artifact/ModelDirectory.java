package io.promptwave.core.artifact;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.vision.preprocess.LineFeatureExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model directory on disk: {@code config.json} (architecture, vocabulary, features,
 * provenance, fingerprint) and {@code model.safetensors} (the weights, in float32 or float16).
 * Loading checks every name and shape and fails with a {@link ModelFormatException} naming the
 * file and what is wrong; nothing half-loaded escapes.
 */
public final class ModelDirectory {
    /** The config file's name. */
    public static final String CONFIG = "config.json";
    /** The weights file's name. */
    public static final String WEIGHTS = "model.safetensors";
    /** Sub-folder holding the Wav2Seq unit model of a vocabulary with pseudo subwords. */
    public static final String UNITS = "units";
    private static final String FORMAT = "promptwave-model";
    private static final String DECODING = "decoding";
    /** The optional byte n-gram language model beam search can fuse ({@link CharNgramModel}). */
    public static final String LANGUAGE_MODEL = "language_model.ngram";
    /** The config.json section of a model that reads images: how a line image becomes features. */
    public static final String IMAGE_FEATURES = "image_features";
    private static final String LANGUAGE_MODEL_SECTION = "language_model";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ModelDirectory() {
    }

    /**
     * Writes the model; files appear whole (written beside, then moved).
     *
     * @param model the model
     * @param dir the directory (created)
     * @param features feature settings the model expects ({@code kind}, {@code dims}, {@code cmvn}, ...)
     * @param provenance how the model was made
     * @param dtype F32, or F16 to halve the size
     * @throws IOException when writing fails
     */
    public static void save(SpeechModel model, Path dir, Map<String, Object> features, Map<String, Object> provenance,
            DType dtype) throws IOException {
        save(model, dir, features, null, provenance, dtype);
    }

    /**
     * Like {@link #save(SpeechModel, Path, Map, Map, DType)}, for a model that also reads images.
     *
     * @param imageFeatures how images become its features ({@link LineFeatureExtractor#toConfig()}),
     *     or null for a speech-only model
     * @throws IllegalArgumentException when the settings and the model's image front-end disagree
     */
    public static void save(SpeechModel model, Path dir, Map<String, Object> features,
            LineFeatureExtractor imageFeatures, Map<String, Object> provenance, DType dtype) throws IOException {
        BackboneConfig architecture = model.backbone().config();
        if (architecture.hasImageFrontEnd() != (imageFeatures != null)
                || imageFeatures != null && imageFeatures.dims() != architecture.imageDims()) {
            throw new IllegalArgumentException("image feature settings (" + imageFeatures + ") do not fit the model's "
                    + (architecture.hasImageFrontEnd() ? "image front-end of " + architecture.imageDims() + " values"
                            : "architecture, which reads no images"));
        }
        Files.createDirectories(dir);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("format", FORMAT);
        config.put("version", 1);
        config.put("architecture", model.backbone().config().toConfig());
        config.put("vocabulary", model.vocabulary().toConfig());
        config.put("features", features);
        if (imageFeatures != null) {
            config.put(IMAGE_FEATURES, imageFeatures.toConfig());
        }
        config.put("weights_dtype", dtype.name());
        Map<String, Tensor> weights = model.weights();
        config.put("fingerprint", Fingerprint.asStored(weights, dtype));
        config.put("parameters", model.parameterCount());
        config.put("provenance", provenance);
        Path weightsTmp = dir.resolve(WEIGHTS + ".tmp");
        SafetensorsFile.write(weightsTmp, weights, Map.of("format", FORMAT), dtype);
        Files.move(weightsTmp, dir.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path configTmp = dir.resolve(CONFIG + ".tmp");
        Files.writeString(configTmp, GSON.toJson(config) + "\n", StandardCharsets.UTF_8);
        Files.move(configTmp, dir.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param dir a directory written by {@link #save}
     * @return the model; close it
     * @throws ModelFormatException when a file is missing, corrupt or does not match the config
     * @throws EngineUnavailableException when PyTorch cannot start
     * @throws IOException when reading fails
     */
    public static SpeechModel load(Path dir) throws ModelFormatException, EngineUnavailableException, IOException {
        Map<String, Object> config = readConfig(dir);
        BackboneConfig architecture;
        Vocabulary vocabulary;
        try {
            architecture = BackboneConfig.fromConfig(section(config, "architecture"));
            Map<String, Object> v = section(config, "vocabulary");
            vocabulary = Vocabulary.fromConfig(strings(v, "specials"), strings(v, "languages"), number(v, "units"),
                    number(v, "size"));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ModelFormatException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
        }
        if (vocabulary.unitCount() > 0 && !Files.isDirectory(dir.resolve(UNITS))) {
            throw new ModelFormatException(dir + ": the vocabulary has " + vocabulary.unitCount()
                    + " pseudo subwords but the unit model that makes them (" + UNITS + "/) is missing");
        }
        Path weightsFile = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weightsFile)) {
            throw new ModelFormatException(dir + ": no " + WEIGHTS);
        }
        Map<String, Tensor> tensors = SafetensorsFile.open(weightsFile).readAll();
        // a flipped bit or a partly overwritten file keeps its size and shapes: only the recorded
        // fingerprint tells (models written before fingerprints were recorded have none to check)
        if (config.get("fingerprint") instanceof String recorded) {
            String actual = Fingerprint.of(tensors);
            if (!recorded.equals(actual)) {
                throw new ModelFormatException(weightsFile + " is not the file " + CONFIG + " describes: its weights' "
                        + "fingerprint is " + actual.substring(0, 12) + "..., the config records " + recorded.substring(0,
                        Math.min(12, recorded.length())) + "... (changed or damaged after saving)");
            }
        }
        SpeechModel model = SpeechModel.create(architecture, vocabulary, 0);
        try {
            model.setWeights(tensors);
        } catch (IllegalArgumentException e) {
            model.close();
            throw new ModelFormatException(weightsFile + " does not fit " + CONFIG + ": " + e.getMessage(), e);
        }
        return model;
    }

    /**
     * @param dir a model directory
     * @return how the model turns a text-line image into features
     * @throws ModelFormatException when the model reads no images, or its image settings are
     *     missing, damaged or do not fit its image front-end
     * @throws IOException when reading fails
     */
    public static LineFeatureExtractor imageFeatures(Path dir) throws ModelFormatException, IOException {
        Map<String, Object> config = readConfig(dir);
        try {
            BackboneConfig architecture = BackboneConfig.fromConfig(section(config, "architecture"));
            if (!architecture.hasImageFrontEnd()) {
                throw new ModelFormatException(dir + ": this model reads no images (it has no image front-end; "
                        + "pretrain --image-train adds one)");
            }
            LineFeatureExtractor features = LineFeatureExtractor.fromConfig(section(config, IMAGE_FEATURES));
            if (features.dims() != architecture.imageDims()) {
                throw new ModelFormatException(dir.resolve(CONFIG) + ": image features of " + features.dims()
                        + " values per column, but the image front-end reads " + architecture.imageDims());
            }
            return features;
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ModelFormatException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param dir a model directory
     * @return the decoding its config recommends (chosen on dev data), or greedy when it names none;
     *     with the directory's language model attached when it has one (weight 0 unless the decoding names one)
     * @throws ModelFormatException when the config is missing, corrupt, or its decoding section is bad, or
     *     when the language model it names is missing or damaged
     */
    public static DecodingOptions defaultDecoding(Path dir) throws ModelFormatException, IOException {
        Map<String, Object> config = readConfig(dir);
        CharNgramModel lm = config.containsKey(LANGUAGE_MODEL_SECTION) ? languageModel(dir) : null;
        if (!config.containsKey(DECODING)) {
            return DecodingOptions.builder().optLanguageModel(lm, 0).build();
        }
        try {
            return PromptDecoding.fromConfig(section(config, DECODING)).search(lm);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param dir a model directory with a language model
     * @return its language model
     * @throws ModelFormatException when the directory has none, or its file is damaged
     */
    public static CharNgramModel languageModel(Path dir) throws ModelFormatException, IOException {
        return NgramFile.readNamed(dir, CONFIG, LANGUAGE_MODEL);
    }

    /**
     * Stores a language model beside the weights and describes it in config.json. The weights and their
     * fingerprint are untouched, so prompts made for the model stay valid.
     *
     * @param dir a model directory
     * @param lm the language model
     * @throws ModelFormatException when the config is missing or corrupt
     */
    public static void saveLanguageModel(Path dir, CharNgramModel lm) throws ModelFormatException, IOException {
        JsonObject config = configTree(dir);
        NgramFile.write(dir.resolve(LANGUAGE_MODEL), lm);
        config.add(LANGUAGE_MODEL_SECTION, NgramFile.section(LANGUAGE_MODEL, lm));
        writeConfig(dir, config);
    }

    /**
     * Records the decoding {@code transcribe} and {@code eval} use for this model when not told otherwise.
     * The weights and their fingerprint are untouched.
     *
     * @param dir a model directory
     * @param options the decoding (choose it on dev data)
     * @throws ModelFormatException when the config is missing or corrupt
     */
    public static void saveDefaultDecoding(Path dir, DecodingOptions options) throws ModelFormatException, IOException {
        JsonObject config = configTree(dir);
        config.add(DECODING, GSON.toJsonTree(PromptDecoding.of(options).searchConfig()));
        writeConfig(dir, config);
    }

    /** A valid config as a JSON tree ({@link JsonConfigFile}). */
    private static JsonObject configTree(Path dir) throws ModelFormatException, IOException {
        readConfig(dir);
        return JsonConfigFile.read(dir.resolve(CONFIG));
    }

    private static void writeConfig(Path dir, JsonObject config) throws IOException {
        JsonConfigFile.replace(dir.resolve(CONFIG), config, GSON);
    }

    /**
     * The fingerprint written in a model's config.json, without loading its weights.
     *
     * @param dir a model directory
     * @return 64 hex digits
     * @throws ModelFormatException when the directory is not a model or its config has no fingerprint
     */
    public static String fingerprint(Path dir) throws ModelFormatException, IOException {
        if (!(readConfig(dir).get("fingerprint") instanceof String fingerprint)) {
            throw new ModelFormatException(dir.resolve(CONFIG) + ": no fingerprint (a model written by an older "
                    + "promptwave?)");
        }
        return fingerprint;
    }

    /**
     * @param dir a model directory
     * @return its config.json as a map
     * @throws ModelFormatException when it is missing or not a Promptwave model config
     */
    public static Map<String, Object> readConfig(Path dir) throws ModelFormatException, IOException {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(dir + ": not a model directory (no " + CONFIG + ")");
        }
        Map<String, Object> config;
        try {
            config = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeToken<Map<String, Object>>() { }.getType());
        } catch (JsonParseException e) {
            throw new ModelFormatException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (config == null || !FORMAT.equals(config.get("format"))) {
            throw new ModelFormatException(file + ": not a Promptwave model config (format is not '" + FORMAT + "')");
        }
        return config;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> config, String name) {
        Object v = config.get(name);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("section '" + name + "' is missing");
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (!(v instanceof List)) {
            throw new IllegalArgumentException("vocabulary field '" + name + "' is missing");
        }
        return (List<String>) v;
    }

    private static int number(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("vocabulary field '" + name + "' is missing or not a number");
        }
        return n.intValue();
    }
}
