package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The grid specs the repository ships load, and each names its own results file and real methods. */
class GridSpecTest {
    private static final Path GRIDS = Path.of("../recipes/bench/grids");
    private static final Set<String> METHODS = Set.of("zero-shot", "enc", "dec", "enc+dec", "deep", "ulpt", "moe",
            "full", "decoder", "scratch");

    @Test
    void everyShippedSpecLoads() throws IOException {
        List<Path> specs;
        try (Stream<Path> files = Files.list(GRIDS)) {
            specs = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(specs.size() >= 5, "grid specs: " + specs);
        for (Path file : specs) {
            GridSpec spec = GridSpec.load(file);
            assertEquals(file.getFileName().toString(), spec.name() + ".json", "a grid's results file is named after it");
            assertTrue(spec.cells().stream().anyMatch(c -> c.method().equals("zero-shot")),
                    file + ": every table is read against zero-shot");
            for (GridSpec.Cell cell : spec.cells()) {
                assertTrue(METHODS.contains(cell.method()), file + ": row '" + cell.name() + "' has method " + cell.method());
                for (int seed : cell.seeds()) {
                    // the run folder also names the prompt the row trains
                    io.promptwave.core.artifact.PromptInfo.requireValidName(cell.folder(seed));
                }
            }
        }
    }

    @Test
    void aFileAnOptionNamesInTheHomeFolderIsFound() throws IOException {
        GridSpec spec = GridSpec.load(GRIDS.resolve("it-lowres-1h-lm.json"));
        String home = System.getProperty("user.home");
        assertEquals(List.of("--lm", Path.of(home, ".promptwave/lm/it-fortunes.ngram").toString(), "--lm-weight", "0.6"),
                spec.eval());
        assertEquals(Path.of(home, ".promptwave/grid/it-lowres-1h"), spec.work(),
                "the same cells as it-lowres-1h, decoded with the language model");
    }

    @Test
    void aRowsOptionReplacesTheGridsSameOptionAndFlagsStay() {
        GridSpec.Cell cell = new GridSpec.Cell("adapter 64, 12 epochs", "deep",
                List.of("--length", "8", "--epochs", "12", "--output-bias"), List.of(1));
        List<String> grid = List.of("--epochs", "8", "--spec-augment", "--dev-limit", "60", "--output-bias");
        assertEquals(List.of("--spec-augment", "--dev-limit", "60", "--length", "8", "--epochs", "12", "--output-bias"),
                cell.adaptOptions(grid));
        GridSpec.Cell last = new GridSpec.Cell("full, intent last", "full", List.of("--intent-position", "last"),
                List.of("--intent-position", "last", "--beam", "2"), List.of(1));
        assertEquals(List.of("--schema", "s.json", "--ctc-weight", "0", "--intent-position", "last", "--beam", "2"),
                last.evalOptions(List.of("--schema", "s.json", "--beam", "1", "--ctc-weight", "0")),
                "a row's eval options join the grid's and replace the same ones");
        assertEquals(List.of("--beam", "1"), cell.evalOptions(List.of("--beam", "1")));
        // every shipped row gives each option once, with the grid's
        for (String name : List.of("en-newvoice-1h", "en-newvoice-10min", "it-lowres-1h", "ocr-lowres",
                "slots-smarthome-2000")) {
            try {
                GridSpec spec = GridSpec.load(GRIDS.resolve(name + ".json"));
                for (GridSpec.Cell c : spec.cells()) {
                    List<String> options = c.adaptOptions(spec.adapt()).stream().filter(o -> o.startsWith("--")).toList();
                    assertEquals(Set.copyOf(options).size(), options.size(), name + " row " + c.name() + ": " + options);
                    List<String> eval = c.evalOptions(spec.eval()).stream().filter(o -> o.startsWith("--")).toList();
                    assertEquals(Set.copyOf(eval).size(), eval.size(), name + " row " + c.name() + ": " + eval);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
