package io.promptwave.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The finished cells of a benchmark grid: one JSON object per line, appended as each cell
 * finishes, so an interrupted grid loses at most the cell in progress and the next run skips what
 * is done. The table of a grid is generated from this file alone.
 *
 * <p>Each record names the base it was measured on ({@code base_fingerprint}). Only records of
 * the grid's current base count as finished and appear in the table: after the base is retrained
 * the grid measures every cell again, and the old lines stay in the file as history.
 */
final class GridResults {
    private final Path file;
    private final String baseFingerprint;
    private final Map<String, JsonObject> byKey = new LinkedHashMap<>();
    /** Keys finished only on another base (or before records named their base). */
    private final Set<String> otherBase = new TreeSet<>();

    private GridResults(Path file, String baseFingerprint) {
        this.file = file;
        this.baseFingerprint = baseFingerprint;
    }

    /**
     * @param file the results file (need not exist yet)
     * @param baseFingerprint the fingerprint of the grid's base: records of other bases do not count
     * @return its records
     * @throws IOException when it cannot be read or a line is not a record (named with its number)
     */
    static GridResults open(Path file, String baseFingerprint) throws IOException {
        GridResults results = new GridResults(file, baseFingerprint);
        if (Files.isRegularFile(file)) {
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonObject o;
                try {
                    o = JsonParser.parseString(line).getAsJsonObject();
                } catch (JsonParseException | IllegalStateException e) {
                    throw new IOException(file + ":" + number + ": not a JSON object (" + e.getMessage() + ")", e);
                }
                if (!o.has("key") || !o.get("key").isJsonPrimitive()
                        || !o.has("test") || !o.get("test").isJsonObject()) {
                    throw new IOException(file + ":" + number + ": a grid result needs a \"key\" and a \"test\" object");
                }
                String key = o.get("key").getAsString();
                JsonElement base = o.get(BASE_FINGERPRINT);
                if (base != null && base.isJsonPrimitive() && base.getAsString().equals(baseFingerprint)) {
                    results.byKey.put(key, o);
                    results.otherBase.remove(key);
                } else if (!results.byKey.containsKey(key)) {
                    results.otherBase.add(key);
                }
            }
        }
        return results;
    }

    /** @return the fingerprint of the base whose results count */
    String baseFingerprint() {
        return baseFingerprint;
    }

    /** The record field naming the base a cell was measured on. */
    static final String BASE_FINGERPRINT = "base_fingerprint";

    /** @return whether the run with this key has finished on the current base */
    boolean has(String key) {
        return byKey.containsKey(key);
    }

    /**
     * Appends a finished run (the line is written whole, then flushed).
     *
     * @param record its figures; must hold {@code key}; the current base's fingerprint is added
     * @throws IOException when the file cannot be written
     */
    void add(JsonObject record) throws IOException {
        record.addProperty(BASE_FINGERPRINT, baseFingerprint);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, record + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        byKey.put(record.get("key").getAsString(), record);
        otherBase.remove(record.get("key").getAsString());
    }

    /**
     * A column of a task's table, from the test summary.
     *
     * @param label the heading
     * @param field the summary field
     * @param percent whether the field is a fraction shown as a percentage
     * @param format how one value is written
     */
    private record Column(String label, String field, boolean percent, String format) {
        static Column rate(String label, String field) {
            return new Column(label, field, true, "%.2f %%");
        }

        static Column count(String label, String field) {
            return new Column(label, field, false, "%,.0f");
        }

        static Column score(String label, String field) {
            return new Column(label, field, false, "%.3f");
        }
    }

    private static List<Column> columns(String task) {
        return switch (task) {
            case "ocr" -> List.of(Column.rate("CER (as written)", "cer"),
                    Column.rate("CER (normalised)", "cer_normalised"),
                    Column.count("inserted chars", "character_insertions"));
            case "slots" -> List.of(Column.rate("intent acc.", "intent_accuracy"), Column.score("SLU-F1", "slu_f1"),
                    Column.score("slot F1", "slot_f1"), Column.rate("WER", "wer"));
            default -> List.of(Column.rate("WER", "wer"), Column.rate("CER", "cer"),
                    Column.count("inserted words", "word_insertions"));
        };
    }

    /**
     * The grid's table in Markdown: one row per cell, in the spec's order; with several seeds, the
     * mean and half the range ({@code 12.3 ± 0.4}); a column comparing the headline error with the
     * zero-shot row's, when there is one; under it, a line naming the results of another base that
     * were left out.
     *
     * @param spec the grid
     * @return the table
     */
    String table(GridSpec spec) {
        List<Column> columns = columns(spec.task());
        Column headline = columns.get(0);
        boolean lowerIsBetter = !spec.task().equals("slots");
        Double zeroShot = null;
        for (GridSpec.Cell cell : spec.cells()) {
            if (cell.method().equals(GridSpec.ZERO_SHOT)) {
                List<Double> v = values(cell, "test", headline.field());
                zeroShot = v.isEmpty() ? null : mean(v);
            }
        }
        StringBuilder out = new StringBuilder("| row | method | trainable parameters | bytes on disk | training time |");
        columns.forEach(c -> out.append(' ').append(c.label()).append(" |"));
        out.append(zeroShot != null ? " vs zero-shot |" : "").append(" seeds |\n|---|---|");
        out.append("---:|".repeat(3 + columns.size() + (zeroShot != null ? 1 : 0))).append("---|\n");
        for (GridSpec.Cell cell : spec.cells()) {
            List<Integer> done = cell.seeds().stream().filter(s -> has(cell.key(s))).toList();
            out.append("| ").append(cell.name()).append(" | ").append(cell.method()).append(" | ");
            if (done.isEmpty()) {
                out.append("not run yet | ".repeat(3 + columns.size() + (zeroShot != null ? 1 : 0))).append("none |\n");
                continue;
            }
            out.append(spread(values(cell, null, "trainable_parameters"), false, "%,.0f")).append(" | ")
                    .append(spread(values(cell, null, "bytes_on_disk"), false, "%,.0f")).append(" | ")
                    .append(minutes(values(cell, null, "train_seconds"))).append(" | ");
            for (Column c : columns) {
                out.append(spread(values(cell, "test", c.field()), c.percent(), c.format())).append(" | ");
            }
            if (zeroShot != null && cell.method().equals(GridSpec.ZERO_SHOT)) {
                out.append("reference | ");
            } else if (zeroShot != null && zeroShot == 0) {
                out.append("no errors to cut | ");
            } else if (zeroShot != null) {
                double change = (mean(values(cell, "test", headline.field())) - zeroShot) / zeroShot;
                out.append(String.format(Locale.ROOT, "%+.1f %%%s", 100 * change,
                        (change < 0) == lowerIsBetter && change != 0 ? " better" : "")).append(" | ");
            }
            out.append(done.size()).append(" (").append(String.join(", ", done.stream().map(String::valueOf).toList()))
                    .append(") |\n");
        }
        if (!otherBase.isEmpty()) {
            out.append("\nLeft out, measured on another base than ").append(baseFingerprint, 0,
                    Math.min(12, baseFingerprint.length())).append("...: ").append(String.join(", ", otherBase))
                    .append(" (run the grid again to measure them on this base).\n");
        }
        return out.toString();
    }

    /** The field of every finished seed of the cell, from the record or from its test summary. */
    private List<Double> values(GridSpec.Cell cell, String section, String field) {
        List<Double> out = new ArrayList<>();
        for (int seed : cell.seeds()) {
            JsonObject r = byKey.get(cell.key(seed));
            JsonObject from = r == null ? null : section == null ? r : r.getAsJsonObject(section);
            if (from != null && from.has(field) && from.get(field).isJsonPrimitive()
                    && from.get(field).getAsJsonPrimitive().isNumber()) {
                out.add(from.get(field).getAsDouble());
            }
        }
        return out;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String spread(List<Double> values, boolean percent, String format) {
        if (values.isEmpty()) {
            return "";
        }
        double scale = percent ? 100 : 1;
        String m = String.format(Locale.ROOT, format, scale * mean(values));
        double range = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                - values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        if (range == 0) {
            return m;
        }
        String half = String.format(Locale.ROOT, format, scale * range / 2).replace(" %", "");
        return m.replace(" %", "") + " ± " + half + (percent ? " %" : "");
    }

    private static String minutes(List<Double> seconds) {
        return seconds.isEmpty() ? "" : String.format(Locale.ROOT, "%.1f min", mean(seconds) / 60);
    }
}
