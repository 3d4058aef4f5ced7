package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark grid on the tiny base: cells train and score once, are recorded, are skipped on the
 * next run, and make the table.
 */
class GridCommandTest {
    @TempDir
    static Path dir;
    private static Path base;
    private static Path manifest;

    @BeforeAll
    static void trainATinyBase() throws IOException {
        base = dir.resolve("models/base");
        manifest = TinyBase.train(dir, base).manifest();
    }

    private static Path spec(String name, String cells) throws IOException {
        return Files.writeString(dir.resolve(name + ".json"), "{\"name\": \"" + name + "\", \"task\": \"asr\", "
                + "\"base\": \"" + base + "\", \"train\": \"" + manifest + "\", \"dev\": \"" + manifest + "\", "
                + "\"test\": \"" + manifest + "\", \"work\": \"" + dir.resolve("work-" + name) + "\", "
                + "\"adapt\": [\"--batch-frames\", \"2000\", \"--warmup\", \"2\", \"--patience\", \"0\", \"--cache\", \""
                + dir.resolve("cache") + "\"], \"eval\": [\"--beam\", \"1\", \"--ctc-weight\", \"0\"], "
                + "\"cells\": [" + cells + "]}");
    }

    @Test
    void cellsRunOnceAreRecordedAndMakeTheTable() throws IOException {
        Path spec = spec("small", "{\"name\": \"zero-shot\", \"method\": \"zero-shot\"}, "
                + "{\"name\": \"enc 2\", \"method\": \"enc\", \"adapt\": [\"--length\", \"2\", \"--epochs\", \"2\"], "
                + "\"seeds\": [1, 2]}, "
                + "{\"name\": \"decoder\", \"method\": \"decoder\", \"adapt\": [\"--epochs\", \"1\"]}");
        Path results = dir.resolve("results/small.jsonl");
        CommandRun first = CommandRun.of("grid", "--spec", spec.toString(), "--results", results.toString());
        assertEquals(0, first.exitCode(), first.err());
        List<String> records = Files.readAllLines(results);
        assertEquals(4, records.size(), String.join("\n", records));
        JsonObject enc = JsonParser.parseString(records.get(1)).getAsJsonObject();
        assertEquals("enc 2#1", enc.get("key").getAsString());
        // two positions of width 64
        assertEquals(128, enc.get("trainable_parameters").getAsInt());
        Path prompt = dir.resolve("work-small/cells/enc_2_1/adapter_model.safetensors");
        assertEquals(Files.size(prompt), enc.get("bytes_on_disk").getAsLong());
        assertTrue(enc.get("train_seconds").getAsDouble() > 0, records.get(1));
        assertEquals("asr", enc.getAsJsonObject("test").get("task").getAsString());
        assertEquals(2, enc.getAsJsonObject("test").get("scored").getAsInt());
        // the prompt itself records its test figures beside its dev ones, with the manifest's hash
        JsonObject metrics = JsonParser.parseString(Files.readString(prompt.resolveSibling("adapter_config.json")))
                .getAsJsonObject().getAsJsonObject("metrics");
        assertTrue(metrics.has("dev_cer"), metrics.toString());
        assertEquals(enc.getAsJsonObject("test").get("cer").getAsDouble(),
                metrics.getAsJsonObject("test").get("cer").getAsDouble());
        assertEquals(64, metrics.getAsJsonObject("test").get("manifest_sha256").getAsString().length());

        String[] table = first.out().split("\n");
        assertEquals("| row | method | trainable parameters | bytes on disk | training time | WER | CER | inserted words"
                + " | vs zero-shot | seeds |", table[0]);
        // the tiny base knows its two recordings by heart: no errors to cut
        assertEquals("| zero-shot | zero-shot | 0 | 0 | 0.0 min | 0.00 % | 0.00 % | 0 | reference | 1 (1) |",
                table[2]);
        assertTrue(table[3].startsWith("| enc 2 | enc | 128 | " + String.format("%,d", Files.size(prompt)) + " | "),
                table[3]);
        assertTrue(table[3].endsWith(" | 2 (1, 2) |"), table[3]);
        JsonObject decoder = JsonParser.parseString(records.get(3)).getAsJsonObject();
        assertTrue(table[4].startsWith("| decoder | decoder | " + String.format("%,d",
                decoder.get("trainable_parameters").getAsLong()) + " | "), table[4]);

        // the next run skips every finished cell and records nothing twice
        CommandRun again = CommandRun.of("grid", "--spec", spec.toString(), "--results", results.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals("grid: zero-shot#1 done, skipped\ngrid: enc 2#1 done, skipped\ngrid: enc 2#2 done, skipped\n"
                + "grid: decoder#1 done, skipped\n", again.err());
        assertEquals(records, Files.readAllLines(results));
        assertEquals(first.out(), again.out());
        CommandRun table2 = CommandRun.of("grid", "--spec", spec.toString(), "--results", results.toString(),
                "--table");
        assertEquals("", table2.err());
        assertEquals(first.out(), table2.out());

        // a cell whose run was made on another base is trained again from the start, not taken as done
        String fingerprint = enc.get("base_fingerprint").getAsString();
        assertEquals(fingerprint, Files.readString(dir.resolve("work-small/runs/enc_2_1/base-fingerprint")).trim());
        Files.writeString(dir.resolve("work-small/runs/enc_2_1/base-fingerprint"), "0ld\n");
        Path fresh = dir.resolve("results/fresh.jsonl");
        CommandRun other = CommandRun.of("grid", "--spec", spec.toString(), "--results", fresh.toString(), "--cell",
                "enc 2");
        assertEquals(0, other.exitCode(), other.err());
        assertTrue(other.err().contains("grid: enc 2#1: " + dir.resolve("work-small/runs/enc_2_1") + " and "
                + dir.resolve("work-small/cells/enc_2_1") + " were made on another base"), other.err());
        assertTrue(other.err().contains("adapt: finished after 2 epochs"), other.err());
        assertTrue(!other.err().contains("grid: enc 2#2: "), "seed 2's run is on this base: " + other.err());
        assertEquals(2, Files.readAllLines(fresh).size());
    }

    @Test
    void aRowNotRunYetIsSaidSoAndBadSpecsAreNamed() throws IOException {
        Path spec = spec("pending", "{\"name\": \"zero-shot\", \"method\": \"zero-shot\"}, "
                + "{\"name\": \"deep\", \"method\": \"deep\"}");
        Path results = dir.resolve("results/pending.jsonl");
        CommandRun some = CommandRun.of("grid", "--spec", spec.toString(), "--results", results.toString(),
                "--cell", "zero-shot");
        assertEquals(0, some.exitCode(), some.err());
        assertEquals("| deep | deep | not run yet | not run yet | not run yet | not run yet | not run yet | "
                + "not run yet | not run yet | none |", some.out().split("\n")[3]);

        // where a row trains, as the recipes that copy a shipped prompt ask: nothing is run or recorded
        Path named = spec("named", "{\"name\": \"deep 16, MLP 256 + input adapter 64 + feature transform, 24 epochs\", "
                + "\"method\": \"deep\", \"seeds\": [1, 2]}, {\"name\": \"zero-shot\", \"method\": \"zero-shot\"}");
        CommandRun where = CommandRun.of("grid", "--spec", named.toString(), "--where", "--cell",
                "deep 16, MLP 256 + input adapter 64 + feature transform, 24 epochs");
        assertEquals(0, where.exitCode(), where.err());
        String[] folders = where.out().split("\n");
        assertEquals(2, folders.length, where.out());
        assertEquals(dir.resolve("work-named/cells/deep_16__MLP_256___input_adapter_64___feature_transform-"
                + String.format("%08x", "deep 16, MLP 256 + input adapter 64 + feature transform, 24 epochs#1".hashCode())),
                Path.of(folders[0]));
        assertTrue(!Files.exists(dir.resolve("work-named")), "--where runs nothing");

        CommandRun unknown = CommandRun.of("grid", "--spec", spec.toString(), "--cell", "lora");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("promptwave grid: --cell: the grid has no row 'lora' (rows: zero-shot, "
                + "deep)"), unknown.err());

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"name\": \"b\", \"task\": \"vision\"}");
        CommandRun bad = CommandRun.of("grid", "--spec", broken.toString());
        assertEquals(1, bad.exitCode());
        assertEquals("promptwave grid: " + broken + ": task must be asr, ocr or slots, got 'vision'\n", bad.err());

        Path failing = spec("failing", "{\"name\": \"typo\", \"method\": \"lora\"}");
        CommandRun failed = CommandRun.of("grid", "--spec", failing.toString(), "--results",
                dir.resolve("results/failing.jsonl").toString());
        assertEquals(1, failed.exitCode());
        assertTrue(failed.err().contains("grid: typo#1: adapt failed (exit 2); nothing recorded"), failed.err());
        assertTrue(!Files.exists(dir.resolve("results/failing.jsonl")));
    }
}
