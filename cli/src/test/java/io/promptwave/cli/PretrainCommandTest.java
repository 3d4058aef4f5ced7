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
    void theDecoderLearnsTextAloneAndTheEncoderKeepsItsWeights() throws Exception {
        Path text = Files.write(dir.resolve("sentences.txt"), List.of("wake me up at six", "", "turn the lights off",
                "play some jazz", "what is the weather like", "set a timer for ten minutes", "call my sister"));
        Path once = dir.resolve("lm-once");
        Path trained = dir.resolve("lm-trained");
        CommandRun first = CommandRun.of(args("pretrain", "--text", text.toString(), "--text-only", "--out",
                once.toString(), "--run", dir.resolve("run-lm1").toString(), "--epochs", "1", "--lr", "3e-3"));
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.err().contains("pretrain: 6 text-only sentences from [" + text + "] (the decoder's text stage "
                + "alone)"), first.err());
        CommandRun many = CommandRun.of(args("pretrain", "--text", text.toString(), "--text-only", "--out",
                trained.toString(), "--run", dir.resolve("run-lm").toString(), "--epochs", "150", "--lr", "1e-2"));
        assertEquals(0, many.exitCode(), many.err());
        assertTrue(many.err().contains("pretrain: finished after 150 epochs, 150 steps"), many.err());

        // the language-model loss falls as the decoder learns the sentences
        List<JsonObject> steps = Files.readAllLines(trained.resolve("metrics.jsonl")).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("type").getAsString().equals("step")).toList();
        double early = steps.get(0).get("attention").getAsDouble();
        double late = steps.get(steps.size() - 1).get("attention").getAsDouble();
        assertTrue(late < 0.5 * early, "attention loss " + early + " at step 10, " + late + " at step 150");

        // one epoch or 150: the encoder (never run) holds the same weights, the decoder does not
        var a = io.promptwave.core.artifact.SafetensorsFile.open(once.resolve("model.safetensors")).readAll();
        var b = io.promptwave.core.artifact.SafetensorsFile.open(trained.resolve("model.safetensors")).readAll();
        int encoderWeights = 0;
        for (String name : a.keySet()) {
            if (name.contains("encoder_") || name.contains("front_end") || name.contains("ctc_head")) {
                assertEquals(a.get(name), b.get(name), name + " changed in the text stage");
                encoderWeights++;
            }
        }
        assertTrue(encoderWeights > 5, a.keySet().toString());
        assertTrue(a.keySet().stream().filter(n -> n.contains("decoder_")).anyMatch(n -> !a.get(n).equals(b.get(n))),
                "the decoder trained");
        JsonObject provenance = JsonParser.parseString(Files.readString(trained.resolve("config.json")))
                .getAsJsonObject().getAsJsonObject("provenance");
        assertEquals(64, provenance.getAsJsonObject("text_sha256").get("sentences.txt").getAsString().length());

        // then audio and text together, from the text stage's model: the sentences get batches of their own
        CommandRun mixed = CommandRun.of(args("pretrain", "--train", manifest().toString(), "--text", text.toString(),
                "--init", trained.toString(), "--out", dir.resolve("mixed").toString(), "--run",
                dir.resolve("run-mixed").toString(), "--cache", dir.resolve("cache").toString(), "--epochs", "1"));
        assertEquals(0, mixed.exitCode(), mixed.err());
        assertTrue(mixed.err().contains("pretrain: finished after 1 epochs, 2 steps"), mixed.err());
    }

    @Test
    void aTrainedModelsDecoderGrowsAndGoesOnTraining() throws Exception {
        Path base = dir.resolve("base");
        CommandRun first = CommandRun.of(args("pretrain", "--train", manifest().toString(), "--out", base.toString(),
                "--run", dir.resolve("run-base").toString(), "--cache", dir.resolve("cache").toString(), "--epochs", "1"));
        assertEquals(0, first.exitCode(), first.err());
        Path grown = dir.resolve("grown");
        CommandRun grow = CommandRun.of(args("pretrain", "--train", manifest().toString(), "--init", base.toString(),
                "--grow-decoder", "3", "--out", grown.toString(), "--run", dir.resolve("run-grown").toString(), "--cache",
                dir.resolve("cache").toString(), "--epochs", "1"));
        assertEquals(0, grow.exitCode(), grow.err());
        assertTrue(grow.err().contains("pretrain: decoder grown from 1 to 3 layers"), grow.err());
        JsonObject config = JsonParser.parseString(Files.readString(grown.resolve("config.json"))).getAsJsonObject();
        assertEquals(3, config.getAsJsonObject("architecture").get("decoder_layers").getAsInt());
        assertEquals(3, config.getAsJsonObject("provenance").get("grow_decoder").getAsInt());
        var weights = io.promptwave.core.artifact.SafetensorsFile.open(grown.resolve("model.safetensors")).readAll();
        assertTrue(weights.keySet().stream().anyMatch(n -> n.contains("decoder_2_05feed_forward_03contract_weight")),
                weights.keySet().toString());

        CommandRun noInit = CommandRun.of(args("pretrain", "--train", manifest().toString(), "--grow-decoder", "3",
                "--out", dir.resolve("never").toString()));
        assertEquals(2, noInit.exitCode());
        assertTrue(noInit.err().contains("--grow-decoder deepens the decoder of a trained model: give --init DIR (a new "
                + "model takes its depth from --decoder-layers)"), noInit.err());
        CommandRun shallower = CommandRun.of(args("pretrain", "--train", manifest().toString(), "--init",
                grown.toString(), "--grow-decoder", "2", "--out", dir.resolve("never").toString()));
        assertEquals(2, shallower.exitCode());
        assertTrue(shallower.err().contains("--grow-decoder 2: the model from --init already has 3 decoder layers; "
                + "give more"), shallower.err());
        CommandRun negative = CommandRun.of(args("pretrain", "--train", manifest().toString(), "--init",
                grown.toString(), "--grow-decoder", "-1", "--out", dir.resolve("never").toString()));
        assertEquals(2, negative.exitCode());
        assertTrue(negative.err().contains("--grow-decoder -1: a decoder depth is a positive number of layers"),
                negative.err());
    }

    @Test
    void textStageMistakesAreNamed() throws IOException {
        Path text = Files.write(dir.resolve("s.txt"), List.of("hello there"));
        Path blank = Files.write(dir.resolve("blank.txt"), List.of("", "   "));
        Path out = dir.resolve("never");
        CommandRun both = CommandRun.of(args("pretrain", "--text-only", "--text", text.toString(), "--train",
                manifest().toString(), "--out", out.toString()));
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("--text-only trains the decoder on --text alone: leave out --train"), both.err());
        CommandRun none = CommandRun.of(args("pretrain", "--text-only", "--out", out.toString()));
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("--text-only trains on --text: give the sentences"), none.err());
        CommandRun neither = CommandRun.of(args("pretrain", "--out", out.toString()));
        assertEquals(2, neither.exitCode());
        assertTrue(neither.err().contains("give the training audio (--train), or --text-only with --text"), neither.err());
        CommandRun dev = CommandRun.of(args("pretrain", "--text-only", "--text", text.toString(), "--dev",
                manifest().toString(), "--out", out.toString()));
        assertEquals(2, dev.exitCode());
        assertTrue(dev.err().contains("--text-only reads only --text: no --dev"), dev.err());

        CommandRun export = CommandRun.of(args("pretrain", "--text-only", "--text", text.toString(), "--out",
                out.toString(), "--export-checkpoint"));
        assertEquals(2, export.exitCode());
        assertTrue(export.err().contains("its checkpoint holds only the decoder"), export.err());
        CommandRun units = CommandRun.of(args("pretrain", "--train", manifest().toString(), "--units-only", "--units",
                text.toString(), "--text", text.toString(), "--out", out.toString()));
        assertEquals(2, units.exitCode());
        assertTrue(units.err().contains("--units-only trains the <units> stage alone: --text belongs to another stage"),
                units.err());

        CommandRun empty = CommandRun.of(args("pretrain", "--text-only", "--text", blank.toString(), "--out",
                out.toString(), "--run", dir.resolve("run-blank").toString()));
        assertEquals(1, empty.exitCode());
        assertTrue(empty.err().contains(blank + ": no sentences (every line is blank)"), empty.err());
        CommandRun missing = CommandRun.of(args("pretrain", "--text-only", "--text", dir.resolve("nope.txt").toString(),
                "--out", out.toString(), "--run", dir.resolve("run-nope").toString()));
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains(dir.resolve("nope.txt") + ": no such text file"), missing.err());
        CommandRun language = CommandRun.of(args("pretrain", "--text-only", "--text", text.toString(),
                "--text-language", "fr", "--out", out.toString(), "--run", dir.resolve("run-fr").toString()));
        assertEquals(2, language.exitCode());
        assertTrue(language.err().contains("--text-language fr: the model's languages are [en]"), language.err());
        assertTrue(!Files.exists(out), "nothing written");
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

        // fine-tuning such a base keeps the unit model with the weights, so the result loads
        Path tuned = dir.resolve("tuned");
        CommandRun adapt = CommandRun.of("adapt", "--base", stage2.toString(), "--method", "full", "--train",
                manifest.toString(), "--out", tuned.toString(), "--run", dir.resolve("run-tuned").toString(), "--cache",
                dir.resolve("cache").toString(), "--epochs", "1", "--batch-frames", "2000");
        assertEquals(0, adapt.exitCode(), adapt.err());
        assertTrue(Files.isRegularFile(tuned.resolve("units/units.json")), "the unit model follows fine-tuning");
        CommandRun tunedRun = CommandRun.of("transcribe", "--model", tuned.toString(),
                CommandRun.sample("alarm-en-us-8k-mulaw.wav").toString());
        assertEquals(0, tunedRun.exitCode(), tunedRun.err());

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
