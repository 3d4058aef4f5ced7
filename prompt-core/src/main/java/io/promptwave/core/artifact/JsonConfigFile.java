package io.promptwave.core.artifact;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A config file edited in place ({@code config.json} of a model, {@code adapter_config.json} of a
 * prompt): read as a JSON tree, so numbers keep their written form (256 stays 256, not 256.0) and
 * fields their order, and replaced atomically, so a reader never sees half a file. The caller
 * validates the file first.
 */
final class JsonConfigFile {
    private JsonConfigFile() {
    }

    /**
     * @param file a config file already checked to be a JSON object
     * @return its tree
     * @throws IOException when reading fails
     */
    static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /**
     * @param file the config file to replace
     * @param tree its new content
     * @param gson how to write it
     * @throws IOException when writing fails (the old file then stays as it was)
     */
    static void replace(Path file, JsonObject tree, Gson gson) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, gson.toJson(tree) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
