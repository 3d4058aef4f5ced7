package io.promptwave.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shipped models are when a command gets no {@code --model} or {@code --models}: {@code models/} here,
 * else beside the SDK.
 */
final class ModelLocation {
    private ModelLocation() {
    }

    static Path defaultBase() {
        Path here = Path.of("models", "base");
        if (Files.isDirectory(here)) {
            return here;
        }
        try {
            Path jar = Path.of(ModelLocation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // cli/target/promptwave-cli.jar -> the checkout's models/base
            Path beside = jar.getParent().getParent().getParent().resolve("models").resolve("base");
            if (Files.isDirectory(beside)) {
                return beside;
            }
        } catch (java.net.URISyntaxException | NullPointerException | SecurityException e) {
            // fall through to the relative path, whose absence the loader reports
        }
        return here;
    }

    /** @return the folder holding the shipped base and its prompts ({@code base/}, {@code prompts/}) */
    static Path defaultModels() {
        return defaultBase().toAbsolutePath().getParent();
    }
}
