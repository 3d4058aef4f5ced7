package io.promptwave.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A benchmark grid: one task's splits on one base, and the cells to run on them (zero-shot, the
 * baselines, prompt methods), each with its extra {@code adapt} options and its seeds. Read from
 * JSON; a leading {@code ~/} in a path, or in a word of the options, is the user's home, other relative
 * paths are taken from the working directory, as on the command line.
 *
 * <pre>{"name": "ocr-lowres", "task": "ocr", "base": "~/.promptwave/models/base-mm",
 *  "train": "...", "dev": "...", "test": "...", "work": "~/.promptwave/grid/ocr-lowres",
 *  "adapt": ["--epochs", "30"], "eval": ["--beam", "1"],
 *  "cells": [{"name": "zero-shot", "method": "zero-shot"},
 *            {"name": "enc+dec 16", "method": "enc+dec", "adapt": ["--length", "16"], "seeds": [1, 2]},
 *            {"name": "full, intent last", "method": "full", "adapt": ["--intent-position", "last"],
 *             "eval": ["--intent-position", "last"]}]}</pre>
 *
 * @param name the grid's name
 * @param task {@code asr}, {@code ocr} or {@code slots} (as {@code adapt --task})
 * @param base the frozen base
 * @param train training manifests
 * @param dev dev manifest
 * @param test test manifest, scored once per finished cell
 * @param work where cells write their prompts, models and runs
 * @param adapt options every cell's {@code adapt} gets (before its own)
 * @param eval options every cell's {@code eval} gets
 * @param cells the rows of the table, in order
 */
record GridSpec(String name, String task, Path base, List<Path> train, Path dev, Path test, Path work,
        List<String> adapt, List<String> eval, List<Cell> cells) {

    /** The method of a cell that trains nothing: the base as it is. */
    static final String ZERO_SHOT = "zero-shot";

    /**
     * One row of the table.
     *
     * @param name the row's label, unique in the grid
     * @param method an {@code adapt --method}, or {@code zero-shot}
     * @param adapt the row's own {@code adapt} options
     * @param eval the row's own {@code eval} options (e.g. how to read a model trained to another output)
     * @param seeds one run per seed
     */
    record Cell(String name, String method, List<String> adapt, List<String> eval, List<Integer> seeds) {

        /**
         * A row scored with the grid's eval options alone.
         *
         * @param name the row's label
         * @param method an adapt method, or zero-shot
         * @param adapt the row's own adapt options
         * @param seeds one run per seed
         */
        Cell(String name, String method, List<String> adapt, List<Integer> seeds) {
            this(name, method, adapt, List.of(), seeds);
        }

        /**
         * The adapt options of this row: the grid's, with every option this row also names replaced by
         * the row's (a command line may give an option only once).
         *
         * @param gridOptions the grid's adapt options
         * @return the options to pass
         */
        List<String> adaptOptions(List<String> gridOptions) {
            return merged(gridOptions, adapt);
        }

        /**
         * @param gridOptions the grid's eval options
         * @return the eval options of this row, merged as {@link #adaptOptions} merges
         */
        List<String> evalOptions(List<String> gridOptions) {
            return merged(gridOptions, eval);
        }

        private static List<String> merged(List<String> gridOptions, List<String> rowOptions) {
            Set<String> own = new HashSet<>();
            for (String a : rowOptions) {
                if (a.startsWith("--")) {
                    own.add(a);
                }
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < gridOptions.size(); i++) {
                String a = gridOptions.get(i);
                boolean hasValue = i + 1 < gridOptions.size() && !gridOptions.get(i + 1).startsWith("--");
                if (own.contains(a)) {
                    i += hasValue ? 1 : 0;
                    continue;
                }
                out.add(a);
            }
            out.addAll(rowOptions);
            return out;
        }

        /** The longest folder: a prompt name's limit. */
        private static final int MAX_FOLDER = 64;

        /** @return the key a run of this row with this seed is recorded under */
        String key(int seed) {
            return name + "#" + seed;
        }

        /**
         * @return the folder name of a run of this row with this seed: the key with every character a
         *     prompt name may not hold made '_', so the folder also names the prompt; a key too long for a
         *     prompt name (64 characters) keeps its first 55 and ends in a hash of the whole key
         */
        String folder(int seed) {
            String safe = key(seed).replaceAll("[^A-Za-z0-9._-]", "_");
            safe = safe.matches("[A-Za-z0-9].*") ? safe : "r" + safe;
            if (safe.length() <= MAX_FOLDER) {
                return safe;
            }
            // String.hashCode is fixed by the language, so the folder stays the same across runs and versions
            return safe.substring(0, MAX_FOLDER - 9) + "-" + String.format(java.util.Locale.ROOT, "%08x", key(seed).hashCode());
        }
    }

    /**
     * @param file the spec
     * @return the grid
     * @throws IOException when the file cannot be read or is not a valid spec (the reason named)
     */
    static GridSpec load(Path file) throws IOException {
        JsonObject o;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new IOException(file + ": a grid spec is a JSON object");
            }
            o = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(file + ": not JSON (" + e.getMessage() + ")", e);
        }
        try {
            String task = text(o, "task", file);
            if (!List.of("asr", "ocr", "slots").contains(task)) {
                throw new IOException(file + ": task must be asr, ocr or slots, got '" + task + "'");
            }
            List<Path> train = new ArrayList<>();
            JsonElement t = o.get("train");
            if (t != null && t.isJsonArray()) {
                for (String manifest : strings(o, "train", file)) {
                    train.add(path(manifest));
                }
            } else {
                train.add(path(text(o, "train", file)));
            }
            List<Cell> cells = new ArrayList<>();
            JsonArray cellArray = o.has("cells") && o.get("cells").isJsonArray() ? o.getAsJsonArray("cells")
                    : new JsonArray();
            if (cellArray.isEmpty()) {
                throw new IOException(file + ": the grid has no cells");
            }
            Set<String> folders = new HashSet<>();
            for (JsonElement e : cellArray) {
                if (!e.isJsonObject()) {
                    throw new IOException(file + ": each cell is a JSON object, got " + e);
                }
                JsonObject c = e.getAsJsonObject();
                String name = text(c, "name", file);
                Cell cell = new Cell(name, text(c, "method", file), strings(c, "adapt", file), strings(c, "eval", file),
                        seeds(c, name, file));
                for (int seed : cell.seeds()) {
                    if (!folders.add(cell.folder(seed))) {
                        throw new IOException(file + ": row '" + name + "' would share its run folder "
                                + cell.folder(seed) + " with another row: rename one");
                    }
                }
                cells.add(cell);
            }
            return new GridSpec(text(o, "name", file), task, path(text(o, "base", file)), List.copyOf(train),
                    path(text(o, "dev", file)), path(text(o, "test", file)), path(text(o, "work", file)),
                    strings(o, "adapt", file), strings(o, "eval", file), List.copyOf(cells));
        } catch (IllegalStateException | UnsupportedOperationException e) {
            throw new IOException(file + ": malformed grid spec (" + e.getMessage() + ")", e);
        }
    }

    /** The cell's seeds: positive whole numbers, none twice; {@code [1]} when not given. */
    private static List<Integer> seeds(JsonObject c, String name, Path file) throws IOException {
        if (!c.has("seeds")) {
            return List.of(1);
        }
        String problem = "row '" + name + "': seeds must be a non-empty list of distinct positive whole numbers, got "
                + c.get("seeds");
        if (!c.get("seeds").isJsonArray() || c.getAsJsonArray("seeds").isEmpty()) {
            throw new IOException(file + ": " + problem);
        }
        List<Integer> seeds = new ArrayList<>();
        for (JsonElement s : c.getAsJsonArray("seeds")) {
            if (!s.isJsonPrimitive() || !s.getAsJsonPrimitive().isNumber()) {
                throw new IOException(file + ": " + problem);
            }
            double v = s.getAsDouble();
            if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE || seeds.contains((int) v)) {
                throw new IOException(file + ": " + problem);
            }
            seeds.add((int) v);
        }
        return List.copyOf(seeds);
    }

    private static String text(JsonObject o, String field, Path file) throws IOException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IOException(file + ": missing \"" + field + "\"");
        }
        return e.getAsString();
    }

    private static List<String> strings(JsonObject o, String field, Path file) throws IOException {
        List<String> out = new ArrayList<>();
        if (!o.has(field)) {
            return List.of();
        }
        if (!o.get(field).isJsonArray()) {
            throw new IOException(file + ": \"" + field + "\" must be a list of command-line words, got " + o.get(field));
        }
        for (JsonElement e : o.getAsJsonArray(field)) {
            if (!e.isJsonPrimitive()) {
                throw new IOException(file + ": \"" + field + "\" must be a list of command-line words, got " + e);
            }
            String word = e.getAsString();
            // a file an option names (eval's --lm) may sit in the home folder, as the splits do
            out.add(word.startsWith("~/") ? path(word).toString() : word);
        }
        return List.copyOf(out);
    }

    private static Path path(String value) {
        return value.startsWith("~/") ? Path.of(System.getProperty("user.home")).resolve(value.substring(2))
                : Path.of(value);
    }
}
