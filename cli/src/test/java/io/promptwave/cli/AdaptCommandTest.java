package io.promptwave.cli;

import static io.promptwave.cli.TinyBase.ALARM;
import static io.promptwave.cli.TinyBase.ALARM_TEXT;
import static io.promptwave.cli.TinyBase.MUSIC;
import static io.promptwave.cli.TinyBase.MUSIC_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adapt} end to end: a prompt trained on a tiny base through the command line, saved as a
 * prompt directory, used by {@code transcribe --prompt}; the base's weights file never changes.
 */
class AdaptCommandTest {
    @TempDir
    static Path dir;
    private static Path base;
    private static Path manifest;

    @BeforeAll
    static void trainATinyBase() throws IOException {
        base = dir.resolve("models/base");
        manifest = TinyBase.train(dir, base).manifest();
    }

    private static CommandRun adapt(String method, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("adapt", "--base", base.toString(), "--method", method,
                "--train", manifest.toString(), "--dev", manifest.toString(), "--out", out.toString(), "--run",
                dir.resolve("run-" + out.getFileName()).toString(), "--cache", dir.resolve("cache").toString(),
                "--batch-frames", "2000", "--warmup", "5", "--patience", "0"));
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(new String[0]));
    }

    @Test
    void anInputAdapterAFeatureTransformAndAnOutputBiasAreCountedApartFromThePrompt() throws IOException {
        Path out = dir.resolve("with-add-ons");
        CommandRun run = adapt("enc", out, "--length", "2", "--input-adapter", "4", "--output-bias", "--feature-transform",
                "--epochs", "2");
        assertEquals(0, run.exitCode(), run.err());
        int vocabulary = JsonParser.parseString(Files.readString(base.resolve("config.json"))).getAsJsonObject()
                .getAsJsonObject("vocabulary").get("size").getAsInt();
        int adapter = 2 * 64 * 4; // down and up projections of d_model 64 at rank 4
        int transform = 80 * 80 + 80; // M and s over the 80 fbank bins
        long all = 2 * 64 + adapter + transform + vocabulary;
        assertTrue(run.err().contains(String.format(java.util.Locale.ROOT, "adapt: enc prompt, %,d trained numbers, ", all)),
                run.err());
        assertTrue(run.err().contains(adapter + " of them in the input adapter"), run.err());
        assertTrue(run.err().contains(vocabulary + " of them in the output bias"), run.err());
        assertTrue(run.err().contains("6,480 of them in the feature transform"), run.err());
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("adapter_config.json")))
                .getAsJsonObject();
        assertEquals(4, config.get("input_adapter_rank").getAsInt());
        assertEquals(80, config.get("feature_transform_dims").getAsInt());
        assertTrue(config.get("output_bias").getAsBoolean());
        assertEquals(all, config.get("trainable_parameters").getAsLong());
        JsonObject addOns = config.getAsJsonObject("provenance").getAsJsonObject("add_on_parameters");
        assertEquals(adapter, addOns.get("input_adapter").getAsInt(), config.toString());
        assertEquals(vocabulary, addOns.get("output_bias").getAsInt(), config.toString());
        assertEquals(transform, addOns.get("feature_transform").getAsInt(), config.toString());
        CommandRun used = CommandRun.of("transcribe", "--model", base.toString(), "--prompt", out.toString(),
                ALARM.toString());
        assertEquals(0, used.exitCode(), used.err());
        assertTrue(used.out().startsWith(ALARM + "\t"), used.out());
        // a baseline trains the model itself: an add-on flag is refused, not silently dropped
        CommandRun full = adapt("full", dir.resolve("full-with-transform"), "--feature-transform", "--epochs", "1");
        assertEquals(2, full.exitCode(), full.err());
        assertTrue(full.err().startsWith("promptwave adapt: --feature-transform, --input-adapter and --output-bias go with "
                + "a prompt (--method enc, dec, enc+dec, deep, ulpt or moe), not --method full"), full.err());
    }

    @Test
    void aMixtureReportsHowOftenEachExpertIsChosenInTrainingAndWhenScored() throws IOException {
        Path out = dir.resolve("mixture");
        CommandRun run = adapt("moe", out, "--length", "2", "--experts", "3", "--top-k", "1", "--epochs", "2");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("adapter_config.json")))
                .getAsJsonObject();
        assertEquals(3, config.getAsJsonObject("metrics").getAsJsonArray("expert_usage").size(), config.toString());

        Path summary = dir.resolve("mixture-summary.json");
        CommandRun eval = CommandRun.of("eval", "--model", base.toString(), "--prompt", out.toString(), "--manifest",
                manifest.toString(), "--cache", dir.resolve("cache").toString(), "--summary", summary.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        java.util.regex.Matcher shares = java.util.regex.Pattern.compile(
                "experts chosen first: ([0-9.]+) %, ([0-9.]+) %, ([0-9.]+) %\n").matcher(eval.out());
        assertTrue(shares.find(), eval.out());
        double sum = 0;
        for (int i = 1; i <= 3; i++) {
            sum += Double.parseDouble(shares.group(i));
        }
        assertEquals(100, sum, 0.2, eval.out());
        com.google.gson.JsonArray recorded = JsonParser.parseString(Files.readString(summary)).getAsJsonObject()
                .getAsJsonArray("expert_usage");
        assertEquals(3, recorded.size());
        double total = 0;
        for (var share : recorded) {
            total += share.getAsDouble();
        }
        assertEquals(1, total, 1e-9);
        CommandRun plain = CommandRun.of("eval", "--model", base.toString(), "--manifest", manifest.toString(),
                "--cache", dir.resolve("cache").toString());
        assertFalse(plain.out().contains("experts"), plain.out());
    }

    @Test
    void aPromptTrainsOnTheFrozenBaseAndSteersTranscription() throws IOException {
        byte[] weightsBefore = Files.readAllBytes(base.resolve("model.safetensors"));
        Path out = dir.resolve("models/prompts/newvoice");
        CommandRun run = adapt("enc+dec", out, "--length", "3", "--epochs", "40", "--lr", "1e-2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("adapt: enc+dec prompt, 384 trained numbers on a frozen base"), run.err());
        assertTrue(run.err().contains("prompt newvoice@1 in " + out), run.err());
        assertTrue(java.util.Arrays.equals(weightsBefore, Files.readAllBytes(base.resolve("model.safetensors"))),
                "the base's weights file changed");

        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("adapter_config.json")))
                .getAsJsonObject();
        assertEquals("promptwave-prompt", config.get("format").getAsString());
        assertEquals("enc+dec", config.get("method").getAsString());
        assertEquals(3, config.get("length").getAsInt());
        assertEquals("asr", config.get("task").getAsString());
        assertEquals("en", config.get("language").getAsString());
        assertEquals(384, config.get("trainable_parameters").getAsLong());
        assertEquals(64, config.get("base_fingerprint").getAsString().length());
        assertTrue(config.getAsJsonObject("metrics").has("dev_cer"), config.toString());
        assertTrue(Files.size(out.resolve("adapter_model.safetensors")) < 4 * 384 + 400);
        // how it was trained travels with it: the run's metrics log and the curve drawn from it
        assertEquals(Files.readString(dir.resolve("run-newvoice/metrics.jsonl")), Files.readString(out.resolve("metrics.jsonl")));
        assertTrue(Files.readString(out.resolve("metrics.jsonl")).contains("\"type\":\"epoch\""));
        assertTrue(Files.readString(out.resolve("training-curve.html")).contains("<svg"));

        // by name under prompts/ beside the base, and by directory
        CommandRun named = CommandRun.of("transcribe", "--model", base.toString(), "--prompt", "newvoice",
                ALARM.toString(), MUSIC.toString());
        assertEquals(0, named.exitCode(), named.err());
        assertEquals(ALARM + "\t" + ALARM_TEXT + "\n" + MUSIC + "\t" + MUSIC_TEXT + "\n", named.out());
        CommandRun byDir = CommandRun.of("transcribe", "--model", base.toString(), "--prompt", out.toString(),
                ALARM.toString());
        assertEquals(named.out().lines().findFirst().orElseThrow(), byDir.out().trim());

        // the prompt kept is the one whose decoding scored best on dev: eval with it reproduces that figure
        // (a prompt once chosen on the CTC head's greedy reading scored 0 % while its decoder babbled)
        Matcher best = Pattern.compile("best dev CER ([0-9.]+) %").matcher(run.err());
        assertTrue(best.find(), run.err());
        CommandRun eval = CommandRun.of("eval", "--model", base.toString(), "--prompt", "newvoice", "--manifest",
                manifest.toString(), "--cache", dir.resolve("cache").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("\nCER " + best.group(1) + " % "), best.group() + " vs\n" + eval.out());
    }

    @Test
    void theDecoderOnlyBaselineWritesAModelAndLeavesTheEncoderAlone() throws IOException {
        Path out = dir.resolve("decoder-ft");
        CommandRun run = adapt("decoder", out, "--epochs", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("adapt: decoder baseline, "), run.err());
        assertTrue(Files.isRegularFile(out.resolve("config.json")));
        assertTrue(Files.readString(out.resolve("metrics.jsonl")).contains("\"type\":\"epoch\""));
        assertTrue(Files.readString(out.resolve("training-curve.html")).contains("<svg"));
        CommandRun t = CommandRun.of("transcribe", "--model", out.toString(), ALARM.toString());
        assertEquals(0, t.exitCode(), t.err());
    }

    @Test
    void theScratchBaselineTrainsTheBasesShapeFromRandomWeights() throws IOException {
        Path out = dir.resolve("scratch");
        // one update at a vanishing rate: what comes out is the starting point
        CommandRun run = adapt("scratch", out, "--epochs", "1", "--lr", "1e-9");
        assertEquals(0, run.exitCode(), run.err());
        Matcher count = Pattern.compile("adapt: scratch baseline, ([0-9,]+) of ([0-9,]+) weights train").matcher(run.err());
        assertTrue(count.find(), run.err());
        assertEquals(count.group(2), count.group(1), "every weight trains");

        JsonObject tuned = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        JsonObject original = JsonParser.parseString(Files.readString(base.resolve("config.json"))).getAsJsonObject();
        assertEquals(original.get("architecture"), tuned.get("architecture"));
        assertEquals("scratch", tuned.getAsJsonObject("provenance").get("method").getAsString());
        // the base reads the command; the same shape with random weights does not, so nothing came from the base
        CommandRun fromBase = CommandRun.of("transcribe", "--model", base.toString(), ALARM.toString());
        assertEquals(ALARM + "\t" + ALARM_TEXT + "\n", fromBase.out());
        CommandRun fromScratch = CommandRun.of("transcribe", "--model", out.toString(), ALARM.toString());
        assertEquals(0, fromScratch.exitCode(), fromScratch.err());
        assertTrue(!fromScratch.out().contains(ALARM_TEXT), fromScratch.out());
    }

    @Test
    void badRequestsGetOneLineReasons() throws IOException {
        CommandRun method = adapt("lora", dir.resolve("x"));
        assertEquals(2, method.exitCode());
        assertTrue(method.err().contains("unknown method 'lora': choose enc, dec, enc+dec, deep, ulpt, moe"), method.err());

        CommandRun text = adapt("dec", dir.resolve("y"), "--init", "text");
        assertEquals(2, text.exitCode());
        assertTrue(text.err().contains("initialisation from text needs the text (--init-text)"), text.err());

        CommandRun badName = adapt("enc", dir.resolve("enc+dec"), "--epochs", "1");
        assertEquals(2, badName.exitCode());
        assertTrue(badName.err().contains("a prompt name is 1-64 letters, digits, '.', '_' or '-' starting with a letter "
                + "or digit, got 'enc+dec' (the name of --out; give --name)"), badName.err());
        assertTrue(!badName.err().contains("epoch 1"), "refused before training: " + badName.err());

        CommandRun noPrompt = CommandRun.of("eval", "--model", base.toString(), "--manifest", manifest.toString(),
                "--record-in-prompt", "test");
        assertEquals(2, noPrompt.exitCode());
        assertTrue(noPrompt.err().contains("--record-in-prompt stores the figures in a prompt: give --prompt"),
                noPrompt.err());

        CommandRun missing = CommandRun.of("transcribe", "--model", base.toString(), "--prompt", "nosuch", ALARM.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("--prompt nosuch: no such prompt directory, and no prompt nosuch under "),
                missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());

        // a prompt made for another base: a real one, its recorded fingerprint changed
        Path foreign = dir.resolve("foreign");
        assertEquals(0, adapt("enc", foreign, "--length", "1", "--epochs", "1").exitCode());
        Path config = foreign.resolve("adapter_config.json");
        Files.writeString(config, Files.readString(config)
                .replaceAll("\"base_fingerprint\": \"[0-9a-f]+\"", "\"base_fingerprint\": \"" + "ab".repeat(32) + "\""));
        CommandRun mismatch = CommandRun.of("transcribe", "--model", base.toString(), "--prompt", foreign.toString(),
                ALARM.toString());
        assertEquals(1, mismatch.exitCode());
        assertTrue(mismatch.err().contains("was trained on base abababababab..., not on the loaded base"), mismatch.err());
    }
}
