package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Wav2Seq stages through the command line: units fit, units encode, a {@code <units>} stage, then multitask. */
class PretrainCommandTest {
    @TempDir
    Path dir;

    private static final String[] TINY = {"--d-model", "32", "--heads", "4", "--encoder-layers", "1",
        "--decoder-layers", "1", "--feed-forward", "64", "--front-end-width", "32", "--languages", "en",
        "--batch-frames", "2000", "--warmup", "2", "--patience", "0"};

    private static String[] args(String... first) {
        String[] all = new String[first.length + TINY.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(TINY, 0, all, first.length, TINY.length);
        return all;
    }

    private Path manifest() throws IOException {
        return Files.write(dir.resolve("two.jsonl"), List.of(
                "{\"id\": \"alarm\", \"audio\": \"" + CommandRun.sample("alarm-en-us-8k-mulaw.wav").toAbsolutePath()
                        + "\", \"text\": \"wake me up at six forty five tomorrow\"}",
                "{\"id\": \"music\", \"audio\": \"" + CommandRun.sample("music-en-us-48k-stereo.ogg").toAbsolutePath()
                        + "\", \"text\": \"play some jazz in the kitchen please\"}"));
    }

    @Test
    void thePseudoLanguageStageThenMultitask() throws IOException {
        Path manifest = manifest();
        Path units = dir.resolve("units");
        assertEquals(0, CommandRun.of("units", "fit", "--manifest", manifest.toString(), "--out", units.toString(),
                "--k", "12", "--vocab", "30", "--iterations", "5").exitCode());
        Path targets = dir.resolve("targets.jsonl");
        assertEquals(0, CommandRun.of("units", "encode", "--model", units.toString(), "--manifest", manifest.toString(),
                "--out", targets.toString()).exitCode());

        Path stage1 = dir.resolve("stage1");
        CommandRun first = CommandRun.of(args("pretrain", "--train", manifest.toString(), "--out", stage1.toString(),
                "--run", dir.resolve("run1").toString(), "--cache", dir.resolve("cache").toString(), "--unit-model",
                units.toString(), "--units", targets.toString(), "--units-only", "--epochs", "2"));
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.err().contains("pretrain: 2 <units> examples from " + targets + " (the <units> stage alone)"),
                first.err());
        JsonObject config = JsonParser.parseString(Files.readString(stage1.resolve("config.json"))).getAsJsonObject();
        assertEquals(30, config.getAsJsonObject("vocabulary").get("units").getAsInt());
        assertTrue(Files.isRegularFile(stage1.resolve("units/units.json")), "the unit model is saved with the backbone");

        // without dev data every epoch's model is written, so the last checkpoint is the same model
        Path exported = dir.resolve("exported");
        CommandRun export = CommandRun.of(args("pretrain", "--train", manifest.toString(), "--out", exported.toString(),
                "--run", dir.resolve("run1").toString(), "--unit-model", units.toString(), "--export-checkpoint"));
        assertEquals(0, export.exitCode(), export.err());
        JsonObject exportedConfig = JsonParser.parseString(Files.readString(exported.resolve("config.json")))
                .getAsJsonObject();
        assertEquals(config.get("fingerprint").getAsString(), exportedConfig.get("fingerprint").getAsString());
        assertTrue(Files.isRegularFile(exported.resolve("units/units.json")));

        Path stage2 = dir.resolve("stage2");
        CommandRun second = CommandRun.of(args("pretrain", "--train", manifest.toString(), "--dev", manifest.toString(),
                "--out", stage2.toString(), "--run", dir.resolve("run2").toString(), "--cache",
                dir.resolve("cache").toString(), "--init", stage1.toString(), "--units", targets.toString(), "--epochs",
                "1"));
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().contains("pretrain: 2 <units> examples from " + targets + "\n"), second.err());
        // two <asr> and two <units> examples of about 270 frames fit one 2000-frame batch
        assertTrue(second.err().contains("pretrain: finished after 1 epochs, 1 steps"), second.err());
        assertTrue(Files.isRegularFile(stage2.resolve("units/units.json")), "the unit model follows --init");
        // the metrics log and the training curve lie beside the model, with the epoch's dev score
        assertEquals(Files.readString(dir.resolve("run2/metrics.jsonl")), Files.readString(stage2.resolve("metrics.jsonl")));
        assertTrue(Files.readString(stage2.resolve("metrics.jsonl")).contains("\"type\":\"epoch\""));
        assertTrue(Files.readString(stage2.resolve("training-curve.html")).contains("<svg"));

        // a model whose unit model went missing is refused with the reason
        Files.delete(stage2.resolve("units/units.json"));
        Files.delete(stage2.resolve("units/units.safetensors"));
        Files.delete(stage2.resolve("units"));
        CommandRun broken = CommandRun.of("transcribe", "--model", stage2.toString(),
                CommandRun.sample("alarm-en-us-8k-mulaw.wav").toString());
        assertEquals(1, broken.exitCode());
        assertEquals("promptwave transcribe: " + stage2 + ": the vocabulary has 30 pseudo subwords but the unit model"
                + " that makes them (units/) is missing\n", broken.err());
    }

    @Test
    void unitTargetsNeedAUnitVocabularyAndInRangeUnits() throws IOException {
        Path manifest = manifest();
        Path targets = Files.writeString(dir.resolve("t.jsonl"), "{\"id\": \"alarm\", \"units\": [1, 2]}\n");
        CommandRun noUnits = CommandRun.of(args("pretrain", "--train", manifest.toString(), "--out",
                dir.resolve("m").toString(), "--cache", dir.resolve("cache").toString(), "--units", targets.toString()));
        assertEquals(2, noUnits.exitCode());
        assertTrue(noUnits.err().startsWith("promptwave pretrain: --units needs a vocabulary with pseudo subwords"),
                noUnits.err());

        CommandRun noRun = CommandRun.of(args("pretrain", "--train", manifest.toString(), "--out",
                dir.resolve("m").toString(), "--run", dir.resolve("empty").toString(), "--export-checkpoint"));
        assertEquals(1, noRun.exitCode());
        assertEquals("promptwave pretrain: " + dir.resolve("empty") + ": no checkpoint to export (no"
                + " checkpoint/weights.safetensors)\n", noRun.err());

        CommandRun onlyWithout = CommandRun.of(args("pretrain", "--train", manifest.toString(), "--out",
                dir.resolve("m").toString(), "--units-only"));
        assertEquals(2, onlyWithout.exitCode());
        assertTrue(onlyWithout.err().startsWith("promptwave pretrain: --units-only needs --units"), onlyWithout.err());
    }
}
