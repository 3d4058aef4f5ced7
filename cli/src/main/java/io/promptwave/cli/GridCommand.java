package io.promptwave.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code promptwave grid}: runs a benchmark grid ({@link GridSpec}) cell by cell through
 * {@code adapt} and {@code eval}, records each finished cell in the results file, skips cells
 * already there, and prints the table the results make.
 */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"Run a benchmark grid: every cell (zero-shot, baselines, prompt methods; each seed) is trained with",
            "`adapt` and scored once on the test split with `eval`; each finished cell is appended to the results",
            "file, and cells already there are skipped, so a grid can be completed over several runs (a cell",
            "stopped half-way resumes from its checkpoint). Prints the table the results make.",
            "Spec format: recipes/bench/grids/README.md."})
final class GridCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The grid (JSON).")
    private Path specFile;

    @Option(names = "--results", paramLabel = "FILE",
            description = "Results file (JSONL). Default: recipes/bench/results/NAME.jsonl, NAME the grid's name.")
    private Path resultsFile;

    @Option(names = "--cell", paramLabel = "NAME",
            description = "Run only this row (by name; repeat for more). Default: all.")
    private List<String> only;

    @Option(names = "--table", description = "Print the table of the results so far; run nothing.")
    private boolean tableOnly;

    @Option(names = "--where", description = {"Print the folder each row's seeds train into (with --cell: those rows'),",
        "one per line (a prompt or model directory once the row has finished); run nothing."})
    private boolean where;

    @Override
    public Integer call() throws IOException, ModelFormatException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GridSpec grid = GridSpec.load(specFile);
        if (only != null) {
            for (String name : only) {
                if (grid.cells().stream().noneMatch(c -> c.name().equals(name))) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--cell: the grid has no row '"
                            + name + "' (rows: " + String.join(", ", grid.cells().stream().map(GridSpec.Cell::name)
                                    .toList()) + ")");
                }
            }
        }
        if (where) {
            for (GridSpec.Cell cell : grid.cells()) {
                if (only == null || only.contains(cell.name())) {
                    for (int seed : cell.seeds()) {
                        out.println(grid.work().resolve("cells").resolve(cell.folder(seed)));
                    }
                }
            }
            out.flush();
            return 0;
        }
        Path file = resultsFile != null ? resultsFile : Path.of("recipes/bench/results", grid.name() + ".jsonl");
        GridResults results = GridResults.open(file, ModelDirectory.fingerprint(grid.base()));
        int status = 0;
        if (!tableOnly) {
            status = runAll(grid, results, err);
        }
        out.print(results.table(grid));
        out.flush();
        return status;
    }

    private int runAll(GridSpec grid, GridResults results, PrintWriter err) throws IOException {
        for (GridSpec.Cell cell : grid.cells()) {
            if (only != null && !only.contains(cell.name())) {
                continue;
            }
            for (int seed : cell.seeds()) {
                String key = cell.key(seed);
                if (results.has(key)) {
                    err.printf(Locale.ROOT, "grid: %s done, skipped%n", key);
                    continue;
                }
                err.printf(Locale.ROOT, "grid: %s (%s)%n", key, cell.method());
                err.flush();
                JsonObject record = run(grid, cell, seed, results.baseFingerprint(), err);
                if (record == null) {
                    return PromptwaveCommand.EXIT_FAILED_INPUT;
                }
                results.add(record);
                err.printf(Locale.ROOT, "grid: %s recorded%n", key);
            }
        }
        return 0;
    }

    /** Trains and scores one cell; null (the reason reported) when it failed or paused. */
    private JsonObject run(GridSpec grid, GridSpec.Cell cell, int seed, String baseFingerprint, PrintWriter err)
            throws IOException {
        String dirName = cell.folder(seed);
        Path out = grid.work().resolve("cells").resolve(dirName);
        Path runDir = grid.work().resolve("runs").resolve(dirName);
        startOnThisBase(runDir, out, baseFingerprint, cell.key(seed), err);
        boolean zeroShot = cell.method().equals(GridSpec.ZERO_SHOT);
        JsonObject record = new JsonObject();
        record.addProperty("key", cell.key(seed));
        record.addProperty("grid", grid.name());
        record.addProperty("cell", cell.name());
        record.addProperty("method", cell.method());
        record.addProperty("seed", seed);
        boolean prompt = false;
        if (zeroShot) {
            record.addProperty("trainable_parameters", 0);
            record.addProperty("bytes_on_disk", 0);
            record.addProperty("train_seconds", 0);
        } else {
            List<String> args = new ArrayList<>(List.of("adapt", "--task", grid.task(), "--base",
                    grid.base().toString(), "--method", cell.method()));
            for (Path t : grid.train()) {
                args.addAll(List.of("--train", t.toString()));
            }
            args.addAll(List.of("--dev", grid.dev().toString(), "--out", out.toString(), "--run", runDir.toString(),
                    "--seed", String.valueOf(seed)));
            args.addAll(cell.adaptOptions(grid.adapt()));
            int code = PromptwaveCommand.run(args.toArray(String[]::new), err, err);
            if (code != 0) {
                err.printf(Locale.ROOT, "grid: %s: adapt failed (exit %d); nothing recorded%n", cell.key(seed), code);
                return null;
            }
            JsonObject state = json(runDir.resolve("checkpoint/state.json"));
            if (!state.has("finished") || !state.get("finished").getAsBoolean()) {
                err.printf(Locale.ROOT, "grid: %s paused before the end of its training; run the grid again to "
                        + "resume it%n", cell.key(seed));
                return null;
            }
            record.addProperty("train_seconds", state.get("seconds").getAsDouble());
            prompt = Files.isRegularFile(out.resolve("adapter_config.json"));
            if (prompt) {
                JsonObject info = json(out.resolve("adapter_config.json"));
                record.add("trainable_parameters", info.get("trainable_parameters"));
                record.addProperty("bytes_on_disk", Files.size(out.resolve("adapter_model.safetensors")));
            } else {
                JsonObject config = json(out.resolve("config.json"));
                JsonObject provenance = config.has("provenance") && config.get("provenance").isJsonObject()
                        ? config.getAsJsonObject("provenance") : new JsonObject();
                if (!provenance.has("trainable_parameters")) {
                    throw new IOException(out.resolve("config.json") + ": no provenance.trainable_parameters (a "
                            + "model written by an older adapt?); delete " + out + " and run the grid again");
                }
                record.add("trainable_parameters", provenance.get("trainable_parameters"));
                record.addProperty("bytes_on_disk", Files.size(out.resolve("model.safetensors")));
            }
        }
        Files.createDirectories(runDir);
        Path summary = runDir.resolve("test-summary.json");
        List<String> args = new ArrayList<>(List.of("eval", "--model", (zeroShot || prompt ? grid.base() : out)
                .toString(), "--manifest", grid.test().toString(), "--summary", summary.toString()));
        List<String> evalOptions = cell.evalOptions(grid.eval());
        if (prompt) {
            args.addAll(List.of("--prompt", out.toString()));
            // the prompt carries its test figures in adapter_config.json, beside the dev ones adapt wrote; not
            // those of a decoding with a language model from outside it (a grid that shares its cells)
            if (!evalOptions.contains("--lm")) {
                args.addAll(List.of("--record-in-prompt", "test"));
            }
        }
        if (grid.task().equals("slots")) {
            args.addAll(List.of("--task", "slots"));
        }
        args.addAll(evalOptions);
        Files.deleteIfExists(summary);
        int code = PromptwaveCommand.run(args.toArray(String[]::new), err, err);
        if (code != 0 || !Files.isRegularFile(summary)) {
            err.printf(Locale.ROOT, "grid: %s: eval could not score the whole test set (exit %d, reason above); "
                    + "nothing recorded%n", cell.key(seed), code);
            return null;
        }
        record.add("test", json(summary));
        record.addProperty("finished_at", Instant.now().toString());
        return record;
    }

    /**
     * Clears a cell's run folder and output when they were made on another base (a finished run
     * would otherwise be taken as done, and its prompt refused by the new base), then marks the
     * folder with this base. A paused run on this base is kept, so it resumes.
     */
    private static void startOnThisBase(Path runDir, Path out, String baseFingerprint, String key, PrintWriter err)
            throws IOException {
        Path marker = runDir.resolve(BASE_MARKER);
        boolean ours = Files.isRegularFile(marker)
                && Files.readString(marker, StandardCharsets.UTF_8).trim().equals(baseFingerprint);
        if (!ours && (Files.exists(runDir) || Files.exists(out))) {
            err.printf(Locale.ROOT, "grid: %s: %s and %s were made on another base (or before runs named theirs); "
                    + "starting over%n", key, runDir, out);
            PromptDirectory.deleteTree(runDir);
            PromptDirectory.deleteTree(out);
        }
        Files.createDirectories(runDir);
        Files.writeString(marker, baseFingerprint + "\n", StandardCharsets.UTF_8);
    }

    /** The file in a cell's run folder naming the base the cell is trained and scored on. */
    static final String BASE_MARKER = "base-fingerprint";

    private static JsonObject json(Path file) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(file + ": not a JSON object (" + e.getMessage() + ")", e);
        }
    }
}
