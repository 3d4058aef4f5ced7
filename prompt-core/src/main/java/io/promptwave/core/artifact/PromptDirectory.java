package io.promptwave.core.artifact;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.text.TextForm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;

/**
 * A prompt version on disk: {@code adapter_config.json} ({@link PromptInfo}) and
 * {@code adapter_model.safetensors} (the stored tensors in float32; plain prompts under
 * {@code prompt_embeddings}, as PEFT names them), and optionally {@code language_model.ngram}, a
 * byte n-gram model of the task's text that beam search fuses into the prompt's rows instead of the
 * base's (a prompt for a new language brings that language's spelling). A directory is written
 * beside its destination and moved into place, so a reader never sees half a prompt.
 */
public final class PromptDirectory {
    /** The config file. */
    public static final String CONFIG = "adapter_config.json";
    /** The weights file. */
    public static final String WEIGHTS = "adapter_model.safetensors";
    /** The optional language model file. */
    public static final String LANGUAGE_MODEL = "language_model.ngram";

    private static final String FORMAT = "promptwave-prompt";
    /** The section of the recommended decoding ({@link PromptDecoding}). */
    private static final String DECODING = "decoding";
    /** The section describing the prompt's own language model. */
    private static final String LANGUAGE_MODEL_SECTION = "language_model";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private PromptDirectory() {
    }

    /**
     * A prompt read from disk.
     *
     * @param info what its config says
     * @param prompt the prompt, ready to serve; the caller closes it
     * @param bytes the size of its files (weights, and language model if it has one)
     * @param languageModel its own language model, in its language, or null when it has none (the
     *     base's is used then)
     */
    public record Loaded(PromptInfo info, SoftPrompt prompt, long bytes, CharNgramModel languageModel) {
    }

    /**
     * @param dir the version directory (replaced if it exists)
     * @param prompt the trained prompt
     * @param info its description
     * @throws IOException when writing fails
     */
    public static void save(Path dir, SoftPrompt prompt, PromptInfo info) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(dir.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        Map<String, Tensor> tensors = prompt.storedTensors();
        SafetensorsFile.write(tmp.resolve(WEIGHTS), tensors, Map.of("format", FORMAT), DType.F32);
        Files.writeString(tmp.resolve(CONFIG), configJson(info) + "\n", StandardCharsets.UTF_8);
        Path old = parent.resolve(dir.getFileName() + ".old");
        deleteTree(old);
        if (Files.exists(dir)) {
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /**
     * Adds figures measured after training (a test set's scores, say) to a version's
     * {@code metrics}, keeping every other field of its config as written. The config is replaced
     * atomically; the weights are not touched, so the prompt stays the same prompt.
     *
     * @param dir a version directory
     * @param key where the figures go, e.g. {@code test}; an earlier entry of that key is replaced
     * @param figures the figures (numbers, strings, nested maps)
     * @throws ModelFormatException when the directory holds no valid prompt config
     * @throws IOException when reading or writing fails
     */
    public static void recordMetrics(Path dir, String key, Map<String, ?> figures) throws ModelFormatException,
            IOException {
        com.google.gson.JsonObject config = configTree(dir);
        if (!config.has("metrics") || !config.get("metrics").isJsonObject()) {
            config.add("metrics", new com.google.gson.JsonObject());
        }
        config.getAsJsonObject("metrics").add(key, GSON.toJsonTree(figures));
        writeConfig(dir, config);
    }

    /**
     * Records the decoding a version recommends (its {@code decoding} section), keeping every other
     * field of its config as written. The config is replaced atomically; the weights are not touched.
     *
     * @param dir a version directory
     * @param decoding the decoding (choose it on dev data)
     * @throws ModelFormatException when the directory holds no valid prompt config
     * @throws IOException when reading or writing fails
     */
    public static void saveDecoding(Path dir, PromptDecoding decoding) throws ModelFormatException, IOException {
        com.google.gson.JsonObject config = configTree(dir);
        config.add(DECODING, GSON.toJsonTree(decoding.toConfig()));
        writeConfig(dir, config);
    }

    /**
     * Stores a language model of the prompt's task text in the version ({@link #LANGUAGE_MODEL}) and
     * describes it in the config; decoding then fuses it into this prompt's rows instead of the base's.
     * The weights are not touched.
     *
     * @param dir a version directory
     * @param lm the language model, in the prompt's decoding language, of written text for a reading
     *     ({@code ocr}) prompt and of spoken-form text for the others
     * @throws IllegalArgumentException when the model's language or form is not the prompt's (it would
     *     never be fused)
     * @throws ModelFormatException when the directory holds no valid prompt config
     * @throws IOException when reading or writing fails
     */
    public static void saveLanguageModel(Path dir, CharNgramModel lm) throws ModelFormatException, IOException {
        PromptInfo info = readInfo(dir);
        if ("slots".equals(info.task())) {
            throw new IllegalArgumentException("prompt " + info.id() + " writes intents and slot tags, which no "
                    + "language model scores");
        }
        if (!lm.language().equals(info.decodingLanguage())) {
            throw new IllegalArgumentException("the language model is for '" + lm.language() + "' but prompt "
                    + info.id() + " decodes '" + info.decodingLanguage() + "'");
        }
        TextForm form = info.textForm();
        if (lm.form() != form) {
            throw new IllegalArgumentException("the language model is of " + lm.form().code() + " text but prompt "
                    + info.id() + " (task " + info.task() + ") writes " + form.code() + " text");
        }
        com.google.gson.JsonObject config = JsonConfigFile.read(dir.resolve(CONFIG));
        NgramFile.write(dir.resolve(LANGUAGE_MODEL), lm);
        config.add(LANGUAGE_MODEL_SECTION, NgramFile.section(LANGUAGE_MODEL, lm));
        writeConfig(dir, config);
    }

    /**
     * @param dir a version directory
     * @return the prompt's own language model, or null when its config names none
     * @throws ModelFormatException when the config names one whose file is missing or damaged
     * @throws IOException when reading fails
     */
    public static CharNgramModel languageModel(Path dir) throws ModelFormatException, IOException {
        return namesLanguageModel(dir) ? NgramFile.readNamed(dir, CONFIG, LANGUAGE_MODEL) : null;
    }

    /**
     * @param dir a version directory
     * @return whether its config names a language model of its own (the config alone is read)
     * @throws IOException when the config cannot be read or is not JSON
     */
    public static boolean namesLanguageModel(Path dir) throws IOException {
        return JsonConfigFile.read(dir.resolve(CONFIG)).has(LANGUAGE_MODEL_SECTION);
    }

    /** A valid version's config as a JSON tree ({@link JsonConfigFile}). */
    private static com.google.gson.JsonObject configTree(Path dir) throws ModelFormatException, IOException {
        readInfo(dir);
        return JsonConfigFile.read(dir.resolve(CONFIG));
    }

    private static void writeConfig(Path dir, com.google.gson.JsonObject config) throws IOException {
        JsonConfigFile.replace(dir.resolve(CONFIG), config, GSON);
    }

    /**
     * @param info a version's description
     * @return its {@code adapter_config.json} text, as {@link #save} writes it
     */
    public static String configJson(PromptInfo info) {
        return GSON.toJson(toJson(info));
    }

    /**
     * @param info a version's description
     * @param lm its own language model, or null
     * @return its {@code adapter_config.json} text as a version with that language model has it
     */
    public static String configJson(PromptInfo info, CharNgramModel lm) {
        com.google.gson.JsonObject tree = GSON.toJsonTree(toJson(info)).getAsJsonObject();
        if (lm != null) {
            tree.add(LANGUAGE_MODEL_SECTION, NgramFile.section(LANGUAGE_MODEL, lm));
        }
        return GSON.toJson(tree);
    }

    private static Map<String, Object> toJson(PromptInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("name", info.name());
        m.put("version", info.version());
        m.putAll(info.config().toConfig());
        m.put("task", info.task());
        m.put("language", info.language());
        m.put("label_schema", info.labelSchema());
        m.put("base_fingerprint", info.baseFingerprint());
        m.put("trainable_parameters", info.trainableParameters());
        m.put("stored_parameters", info.storedParameters());
        m.put("metrics", info.metrics());
        m.put("provenance", info.provenance());
        if (info.decoding() != null) {
            m.put(DECODING, info.decoding().toConfig());
        }
        return m;
    }

    /**
     * Reads only the config: what a registry lists without loading tensors.
     *
     * @param dir a version directory
     * @return its description
     * @throws ModelFormatException when the config is missing or malformed
     * @throws IOException when reading fails
     */
    public static PromptInfo readInfo(Path dir) throws ModelFormatException, IOException {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(dir + ": not a prompt directory (no " + CONFIG + ")");
        }
        Map<String, Object> m;
        try {
            m = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeToken<Map<String, Object>>() { }.getType());
        } catch (JsonParseException e) {
            throw new ModelFormatException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (m == null || !FORMAT.equals(m.get("format"))) {
            throw new ModelFormatException(file + ": not a Promptwave prompt config (format is not '" + FORMAT + "')");
        }
        try {
            return new PromptInfo(string(m, "name"), whole(m, "version"), PromptConfig.fromConfig(m), string(m, "task"),
                    (String) m.get("language"), map(m, "label_schema"), string(m, "base_fingerprint"),
                    whole(m, "trainable_parameters"), whole(m, "stored_parameters"), map(m, "metrics"),
                    map(m, "provenance"), m.get(DECODING) == null ? null : PromptDecoding.fromConfig(map(m, DECODING)));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param dir a version directory
     * @param factory makes prompts for the loaded base
     * @param baseFingerprint the fingerprint of that base
     * @return the prompt
     * @throws PromptMismatchException when the prompt was trained on another base
     * @throws ModelFormatException when a file is missing, corrupt or does not fit the config
     * @throws IOException when reading fails
     */
    public static Loaded load(Path dir, PromptFactory factory, String baseFingerprint)
            throws PromptMismatchException, ModelFormatException, IOException {
        PromptInfo info = readInfo(dir);
        if (!info.baseFingerprint().equals(baseFingerprint)) {
            throw new PromptMismatchException(dir + ": prompt " + info.id() + " was trained on base "
                    + shortFingerprint(info.baseFingerprint()) + ", not on the loaded base "
                    + shortFingerprint(baseFingerprint) + "; retrain it on this base");
        }
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new ModelFormatException(dir + ": no " + WEIGHTS);
        }
        Map<String, Tensor> tensors = SafetensorsFile.open(weights).readAll();
        // read before the tensors become native arrays, so a damaged file leaves nothing to free
        CharNgramModel lm = languageModel(dir);
        long bytes = Files.size(weights) + (lm == null ? 0 : Files.size(dir.resolve(LANGUAGE_MODEL)));
        try {
            return new Loaded(info, factory.fromStored(info.config(), tensors), bytes, lm);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(weights + " does not fit " + CONFIG + ": " + e.getMessage(), e);
        }
    }

    private static String shortFingerprint(String f) {
        return f.length() > 12 ? f.substring(0, 12) + "..." : f;
    }

    private static String string(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return s;
    }

    private static int whole(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("'" + key + "' is missing or not a whole number");
        }
        return n.intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("'" + key + "' is not an object");
        }
        return (Map<String, Object>) v;
    }

    /**
     * Finds the version directories under a prompts folder: each sub-folder is a version directory (with
     * {@link #CONFIG}) or holds version directories.
     *
     * @param root the prompts folder
     * @return the version directories, in name order
     * @throws IOException when a folder cannot be listed
     */
    public static List<Path> versionDirs(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.sorted().toList()) {
                if (Files.isRegularFile(child.resolve(CONFIG))) {
                    dirs.add(child);
                } else if (Files.isDirectory(child)) {
                    try (Stream<Path> versions = Files.list(child)) {
                        versions.sorted().filter(v -> Files.isRegularFile(v.resolve(CONFIG))).forEach(dirs::add);
                    }
                }
            }
        }
        return dirs;
    }

    /**
     * Deletes a folder and everything in it; a missing folder is fine.
     *
     * @throws IOException when something cannot be deleted
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
