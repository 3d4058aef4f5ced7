package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table a results file makes, and the specs and results files that are refused, with hand-written records. */
class GridResultsTest {
    @TempDir
    Path dir;

    private static final String BASE = "a1b2c3d4e5f60718";

    private Path spec(String cells) throws IOException {
        return Files.writeString(dir.resolve("g.json"), "{\"name\": \"g\", \"task\": \"ocr\", \"base\": \"b\", "
                + "\"train\": \"t\", \"dev\": \"d\", \"test\": \"e\", \"work\": \"w\", \"cells\": [" + cells + "]}");
    }

    private static String record(String key, double cer, long trainable, long bytes, double seconds) {
        return "{\"key\": \"" + key + "\", \"trainable_parameters\": " + trainable + ", \"bytes_on_disk\": " + bytes
                + ", \"train_seconds\": " + seconds + ", \"base_fingerprint\": \"" + BASE + "\", \"test\": {\"task\": \"ocr\", \"cer\": " + cer
                + ", \"cer_normalised\": " + (cer - 0.01) + ", \"character_insertions\": 40}}";
    }

    @Test
    void theTableComparesEachRowWithZeroShotAndShowsTheSpreadOfSeeds() throws IOException {
        GridSpec spec = GridSpec.load(spec("{\"name\": \"zero-shot\", \"method\": \"zero-shot\"}, "
                + "{\"name\": \"full\", \"method\": \"full\", \"seeds\": [1, 2]}, "
                + "{\"name\": \"enc\", \"method\": \"enc\"}"));
        Path file = Files.write(dir.resolve("r.jsonl"), List.of(record("zero-shot#1", 0.40, 0, 0, 0),
                record("full#1", 0.10, 7_500_000, 30_000_000, 600), record("full#2", 0.14, 7_500_000, 30_000_000, 720),
                record("enc#1", 0.20, 4096, 16_464, 120)));
        String[] table = GridResults.open(file, BASE).table(spec).split("\n");
        assertEquals("| zero-shot | zero-shot | 0 | 0 | 0.0 min | 40.00 % | 39.00 % | 40 | reference | 1 (1) |", table[2]);
        // seeds 10 % and 14 %: mean 12, half the range 2; 40 % to 12 % is 70 % fewer errors
        assertEquals("| full | full | 7,500,000 | 30,000,000 | 11.0 min | 12.00 ± 2.00 % | 11.00 ± 2.00 % | 40 | "
                + "-70.0 % better | 2 (1, 2) |", table[3]);
        assertEquals("| enc | enc | 4,096 | 16,464 | 2.0 min | 20.00 % | 19.00 % | 40 | -50.0 % better | 1 (1) |",
                table[4]);
    }

    @Test
    void resultsOfAnotherBaseAreNeitherFinishedNorShown() throws IOException {
        GridSpec spec = GridSpec.load(spec("{\"name\": \"zero-shot\", \"method\": \"zero-shot\"}, "
                + "{\"name\": \"enc\", \"method\": \"enc\"}"));
        String old = record("zero-shot#1", 0.50, 0, 0, 0).replace(BASE, "0ld0ld0ld0ld0ld0");
        String legacy = record("enc#1", 0.30, 4096, 16_464, 120).replace(", \"base_fingerprint\": \"" + BASE + "\"", "");
        Path file = Files.write(dir.resolve("r.jsonl"), List.of(old, legacy));
        GridResults results = GridResults.open(file, BASE);
        assertTrue(!results.has("zero-shot#1") && !results.has("enc#1"));
        String[] table = results.table(spec).split("\n");
        assertEquals("| zero-shot | zero-shot | not run yet | not run yet | not run yet | not run yet | not run yet | "
                + "not run yet | none |", table[2]);
        assertEquals("Left out, measured on another base than a1b2c3d4e5f6...: enc#1, zero-shot#1 (run the grid again "
                + "to measure them on this base).", table[5]);

        // measured again on this base: the new line counts, the old one stays in the file
        results.add(com.google.gson.JsonParser.parseString(record("zero-shot#1", 0.40, 0, 0, 0)
                .replace(", \"base_fingerprint\": \"" + BASE + "\"", "")).getAsJsonObject());
        GridResults reopened = GridResults.open(file, BASE);
        assertTrue(reopened.has("zero-shot#1") && !reopened.has("enc#1"));
        assertEquals(3, Files.readAllLines(file).size());
        assertTrue(Files.readAllLines(file).get(2).contains("\"base_fingerprint\":\"" + BASE + "\""));
        assertTrue(reopened.table(spec).contains("| zero-shot | zero-shot | 0 | 0 | 0.0 min | 40.00 % |"));
        assertTrue(reopened.table(spec).contains("another base than a1b2c3d4e5f6...: enc#1 ("));
    }

    @Test
    void badSpecsAndResultsAreRefusedWithTheReason() throws IOException {
        String seeds = assertThrows(IOException.class, () -> GridSpec.load(spec(
                "{\"name\": \"a\", \"method\": \"enc\", \"seeds\": [1, \"x\"]}"))).getMessage();
        assertEquals(dir.resolve("g.json") + ": row 'a': seeds must be a non-empty list of distinct positive whole "
                + "numbers, got [1,\"x\"]", seeds);
        assertTrue(assertThrows(IOException.class, () -> GridSpec.load(spec(
                "{\"name\": \"a\", \"method\": \"enc\", \"seeds\": [1, 1]}"))).getMessage().endsWith("got [1,1]"));
        assertEquals(dir.resolve("g.json") + ": row 'a b' would share its run folder a_b_1 with another row: rename one",
                assertThrows(IOException.class, () -> GridSpec.load(spec("{\"name\": \"a_b\", \"method\": \"enc\"}, "
                        + "{\"name\": \"a b\", \"method\": \"dec\"}"))).getMessage());
        assertEquals(dir.resolve("g.json") + ": \"adapt\" must be a list of command-line words, got \"--lr 1\"",
                assertThrows(IOException.class, () -> GridSpec.load(spec(
                        "{\"name\": \"a\", \"method\": \"enc\", \"adapt\": \"--lr 1\"}"))).getMessage());
        // a row's folder also names its prompt: only letters, digits, '.', '_' and '-', starting with one of the first two
        GridSpec named = GridSpec.load(spec("{\"name\": \"enc+dec 16\", \"method\": \"enc+dec\"}, "
                + "{\"name\": \"_x\", \"method\": \"enc\"}"));
        assertEquals("enc_dec_16_1", named.cells().get(0).folder(1));
        assertEquals("r_x_1", named.cells().get(1).folder(1));
        GridSpec.Cell longName = GridSpec.load(spec("{\"name\": \"deep 16, MLP 256 + input adapter 64 + feature "
                + "transform, 24 epochs\", \"method\": \"deep\"}")).cells().get(0);
        String folder = longName.folder(1);
        assertEquals(64, folder.length(), folder);
        assertTrue(folder.startsWith("deep_16__MLP_256___input_adapter_64___feature_transform-"), folder);
        assertEquals(folder, longName.folder(1));
        assertTrue(!folder.equals(longName.folder(2)), "each seed its own folder");
        assertEquals(dir.resolve("g.json") + ": the grid has no cells",
                assertThrows(IOException.class, () -> GridSpec.load(spec(""))).getMessage());

        Path results = Files.write(dir.resolve("bad.jsonl"), List.of(record("a#1", 0.1, 1, 1, 1), "{\"key\": null}"));
        assertEquals(results + ":2: a grid result needs a \"key\" and a \"test\" object",
                assertThrows(IOException.class, () -> GridResults.open(results, BASE)).getMessage());
    }
}
