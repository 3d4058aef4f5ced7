package io.promptwave.server;

import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.registry.PromptRegistry;
import io.promptwave.vision.preprocess.LineFeatureExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * What a server serves: one loaded backbone, the registry of prompts on it, the decoding the base
 * recommends, and the folder uploaded prompts are kept in. Owns the model and the registry.
 */
public final class ServedModels implements AutoCloseable {
    /** The base's folder under a models folder. */
    public static final String BASE = "base";
    /** The prompts' folder under a models folder. */
    public static final String PROMPTS = "prompts";

    private final SpeechModel model;
    private final PromptRegistry registry;
    private final DecodingOptions defaultDecoding;
    private final Path promptsDir;
    private final LineFeatureExtractor imageFeatures;

    /**
     * @param model the backbone (owned from now on)
     * @param defaultDecoding how requests that say nothing decode
     * @param promptsDir where uploaded prompts are written ({@code NAME/vVERSION})
     */
    public ServedModels(SpeechModel model, DecodingOptions defaultDecoding, Path promptsDir) {
        this(model, defaultDecoding, promptsDir, null);
    }

    /**
     * A base that also reads images.
     *
     * @param imageFeatures how the base turns a line image into features (its config.json), or null
     *     for a speech-only base
     */
    public ServedModels(SpeechModel model, DecodingOptions defaultDecoding, Path promptsDir,
            LineFeatureExtractor imageFeatures) {
        this.imageFeatures = imageFeatures;
        this.model = model;
        this.registry = new PromptRegistry(model);
        this.defaultDecoding = defaultDecoding;
        this.promptsDir = promptsDir;
    }

    /**
     * Loads {@code DIR/base} and every prompt under {@code DIR/prompts} (a missing or empty prompts folder is
     * fine: prompts can be uploaded later).
     *
     * @param modelsDir the models folder, e.g. the shipped {@code models/}
     * @return the loaded models
     * @throws ModelFormatException when the base or a prompt is missing or corrupt
     * @throws PromptMismatchException when a prompt was trained on another base
     * @throws EngineUnavailableException when PyTorch cannot start
     * @throws IOException when reading fails
     */
    public static ServedModels load(Path modelsDir) throws ModelFormatException, PromptMismatchException,
            EngineUnavailableException, IOException {
        return load(modelsDir, UnaryOperator.identity());
    }

    /**
     * Like {@link #load(Path)}, with the server's own default decoding: for instance a narrower beam
     * than the base records, which trades accuracy for throughput under load.
     *
     * @param modelsDir the models folder
     * @param decoding turns the base's recorded decoding into the server's default
     * @return the loaded models
     * @throws ModelFormatException when the base or a prompt is missing or corrupt
     * @throws PromptMismatchException when a prompt was trained on another base
     * @throws EngineUnavailableException when PyTorch cannot start
     * @throws IOException when reading fails
     */
    public static ServedModels load(Path modelsDir, UnaryOperator<DecodingOptions> decoding)
            throws ModelFormatException, PromptMismatchException, EngineUnavailableException, IOException {
        Path base = modelsDir.resolve(BASE);
        if (!Files.isDirectory(base)) {
            throw new ModelFormatException(modelsDir + ": no " + BASE + "/ model folder");
        }
        DecodingOptions chosen = decoding.apply(ModelDirectory.defaultDecoding(base));
        SpeechModel model = ModelDirectory.load(base);
        ServedModels served;
        try {
            // the architecture says whether the base reads images; its image settings must then be there
            LineFeatureExtractor lines = model.backbone().config().hasImageFrontEnd()
                    ? ModelDirectory.imageFeatures(base) : null;
            served = new ServedModels(model, chosen, modelsDir.resolve(PROMPTS), lines);
        } catch (ModelFormatException | IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        try {
            served.loadPrompts();
        } catch (ModelFormatException | PromptMismatchException | IOException | RuntimeException e) {
            served.close();
            throw e;
        }
        return served;
    }

    private void loadPrompts() throws ModelFormatException, PromptMismatchException, IOException {
        if (!Files.isDirectory(promptsDir)) {
            return;
        }
        // an upload cut short by a crash left its hidden staging folder: it was never visible, so it goes
        try (var children = Files.list(promptsDir)) {
            for (Path stale : children.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList()) {
                PromptDirectory.deleteTree(stale);
            }
        }
        registry.loadAll(promptsDir);
    }

    /** @return the shared backbone */
    public SpeechModel model() {
        return model;
    }

    /** @return the prompts on it */
    public PromptRegistry registry() {
        return registry;
    }

    /** @return the base's recommended decoding */
    public DecodingOptions defaultDecoding() {
        return defaultDecoding;
    }

    /** @return where uploaded prompts are kept */
    public Path promptsDir() {
        return promptsDir;
    }

    /** @return how the base turns a line image into features; empty when it reads no images */
    public java.util.Optional<LineFeatureExtractor> imageFeatures() {
        return java.util.Optional.ofNullable(imageFeatures);
    }

    /** Unloads the prompts (leased ones when their leases close), then frees the model. */
    @Override
    public void close() {
        registry.close();
        model.close();
    }
}
