package io.promptwave.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sentences of a file a language model is fitted on or must leave out: a text file holds one
 * sentence a line; a manifest ({@code .jsonl}: speech, slot or text-line manifests alike) holds one
 * in the {@code text} field of each entry (entries without one are skipped).
 */
final class TextSource {
    private TextSource() {
    }

    /** A manifest line that is not a JSON object, named by file and line number. */
    static final class BadLineException extends Exception {
        private static final long serialVersionUID = 1L;

        BadLineException(String message) {
            super(message);
        }
    }

    /**
     * @param file a text file or a {@code .jsonl} manifest
     * @return its sentences, in order, as written (blank ones included for text files)
     * @throws java.nio.charset.CharacterCodingException when the file is not UTF-8
     * @throws BadLineException when a manifest line is not a JSON object or its text is not a string
     * @throws IOException when the file cannot be read
     */
    static List<String> sentences(Path file) throws IOException, BadLineException {
        if (!file.getFileName().toString().endsWith(".jsonl")) {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        return manifestTexts(file);
    }

    /**
     * @param file a manifest, whatever its name: held-out sets are always read as manifests, since a
     *     manifest read as plain text would hold nothing out
     * @return the {@code text} of each entry that has one, in order
     * @throws java.nio.charset.CharacterCodingException when the file is not UTF-8
     * @throws BadLineException when a line is not a JSON object or its text is not a string
     * @throws IOException when the file cannot be read
     */
    static List<String> manifestTexts(Path file) throws IOException, BadLineException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonObject entry;
            try {
                JsonElement e = JsonParser.parseString(lines.get(i));
                if (!e.isJsonObject()) {
                    throw new BadLineException(file + " line " + (i + 1) + ": not a JSON object");
                }
                entry = e.getAsJsonObject();
            } catch (JsonParseException e) {
                throw new BadLineException(file + " line " + (i + 1) + ": not a JSON object");
            }
            JsonElement text = entry.get("text");
            if (text == null || text.isJsonNull()) {
                continue;
            }
            if (!text.isJsonPrimitive() || !text.getAsJsonPrimitive().isString()) {
                throw new BadLineException(file + " line " + (i + 1) + ": \"text\" is not a string");
            }
            out.add(text.getAsString());
        }
        return out;
    }
}
