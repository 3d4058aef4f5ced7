package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image modality through the command line: pretrain adds an image front-end to a speech model
 * and trains {@code <ocr>} beside {@code <asr>}; read finds and reads the lines of images and video
 * frames. The tiny model memorises its one line: what is tested is that every stage carries it.
 */
class ReadCommandTest {
    private static final Path SCREENSHOT = Path.of("../samples/images/line-screenshot.png").toAbsolutePath();
    private static final Path CAPTIONS = Path.of("../samples/images/captions.mp4").toAbsolutePath();
    private static final String LINE = "Promptwave reads this line of text.";

    @TempDir
    static Path dir;
    private static Path model;
    private static CommandRun pretrain;
    /** A model without an image front-end (the shipped base reads, so it cannot stand in). */
    private static Path speechOnly;

    @BeforeAll
    static void trainATinyReader() throws Exception {
        Path speech = Files.write(dir.resolve("two.jsonl"), List.of(
                "{\"id\": \"alarm\", \"audio\": \"" + CommandRun.sample("alarm-en-us-8k-mulaw.wav").toAbsolutePath()
                        + "\", \"text\": \"wake me up at six forty five tomorrow\"}",
                "{\"id\": \"music\", \"audio\": \"" + CommandRun.sample("music-en-us-48k-stereo.ogg").toAbsolutePath()
                        + "\", \"text\": \"play some jazz in the kitchen please\"}"));
        Path lines = Files.write(dir.resolve("lines.jsonl"), List.of(
                "{\"id\": \"shot\", \"image\": \"" + SCREENSHOT + "\", \"text\": \"" + LINE + "\"}"));
        model = dir.resolve("reader");
        pretrain = CommandRun.of("pretrain", "--train", speech.toString(), "--image-train", lines.toString(),
                "--out", model.toString(), "--run", dir.resolve("run").toString(), "--cache",
                dir.resolve("cache").toString(), "--epochs", "50", "--lr", "5e-3", "--d-model", "32", "--heads", "4",
                "--encoder-layers", "1", "--decoder-layers", "1", "--feed-forward", "64", "--front-end-width", "32",
                "--image-front-end-width", "32", "--languages", "en", "--batch-frames", "2000", "--warmup", "2",
                "--patience", "0");
        speechOnly = dir.resolve("speech-only");
        CommandRun speechRun = CommandRun.of("pretrain", "--train", speech.toString(), "--out", speechOnly.toString(),
                "--run", dir.resolve("run-speech").toString(), "--cache", dir.resolve("cache").toString(), "--epochs",
                "1", "--d-model", "32", "--heads", "4", "--encoder-layers", "1", "--decoder-layers", "1",
                "--feed-forward", "64", "--front-end-width", "32", "--languages", "en", "--batch-frames", "2000");
        assertEquals(0, speechRun.exitCode(), speechRun.err());
    }

    @Test
    void pretrainAddsAnImageFrontEndAndTrainsTheOcrTask() throws Exception {
        assertEquals(0, pretrain.exitCode(), pretrain.err());
        assertTrue(pretrain.err().contains("pretrain: image front-end added (line patches: height 32, 4 px columns, 32 "
                + "hidden units)\n"), pretrain.err());
        assertTrue(pretrain.err().contains("pretrain: 1 <ocr> line examples from "), pretrain.err());
        // one batch of speech and one of lines an epoch: the modalities never share a batch
        assertTrue(pretrain.err().contains("finished after 50 epochs, 100 steps"), pretrain.err());
        JsonObject config = JsonParser.parseString(Files.readString(model.resolve("config.json"))).getAsJsonObject();
        assertEquals(128, config.getAsJsonObject("architecture").get("image_dims").getAsInt());
        assertEquals(32, config.getAsJsonObject("image_features").get("height").getAsInt());
    }

    @Test
    void pretrainReadsTheLineDevSetBesideTheSpeechDevSet() throws Exception {
        // a separate short run: with a dev set the best epoch is kept, and the shared reader must be the last one
        CommandRun run = CommandRun.of("pretrain", "--init", model.toString(), "--train", dir.resolve("two.jsonl")
                .toString(), "--image-train", dir.resolve("lines.jsonl").toString(), "--dev", dir.resolve("two.jsonl")
                .toString(), "--image-dev", dir.resolve("lines.jsonl").toString(), "--out", dir.resolve("with-dev")
                .toString(), "--run", dir.resolve("run-with-dev").toString(), "--cache", dir.resolve("cache").toString(),
                "--epochs", "2", "--lr", "1e-4", "--batch-frames", "2000", "--warmup", "1", "--patience", "0");
        assertEquals(0, run.exitCode(), run.err());
        // each epoch reads the dev lines beside transcribing the dev speech
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("epoch 2 done: dev cer ") && l.contains(", ocr cer ")
                && l.contains(", ctc ocr cer ")).count(), run.err());
        assertTrue(run.err().contains("best dev score (speech and line CER pooled) "), run.err());
    }

    @Test
    void readsAnImageAndEachSampledFrameOfAVideo() {
        CommandRun image = CommandRun.of("read", "--model", model.toString(), "--beam", "1", "--ctc-weight", "0",
                SCREENSHOT.toString());
        assertEquals(0, image.exitCode(), image.err());
        assertEquals(SCREENSHOT + "\t" + LINE + "\n", image.out());
        // a photo at a slant can be straightened first; a level screenshot reads the same
        CommandRun deskewed = CommandRun.of("read", "--model", model.toString(), "--beam", "1", "--ctc-weight", "0",
                "--deskew", "3", SCREENSHOT.toString());
        assertEquals(0, deskewed.exitCode(), deskewed.err());
        assertTrue(deskewed.out().startsWith(SCREENSHOT + "\t"), deskewed.out());
        CommandRun tooFar = CommandRun.of("read", "--model", model.toString(), "--deskew", "60", SCREENSHOT.toString());
        assertEquals(2, tooFar.exitCode());
        assertTrue(tooFar.err().contains("--deskew: deskew range must be 0 to 45 degrees, got 60.0"), tooFar.err());
        CommandRun small = CommandRun.of("read", "--model", model.toString(), "--max-megapixels", "0.01",
                SCREENSHOT.toString());
        assertEquals(1, small.exitCode());
        assertTrue(small.err().contains(SCREENSHOT + ": PNG of 421 x 36 pixels (0.02 million) is larger than the limit of "
                + "0.01 million"), small.err());
        CommandRun none = CommandRun.of("read", "--model", model.toString(), "--max-megapixels", "0",
                SCREENSHOT.toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("--max-megapixels must be positive, got 0.0"), none.err());

        CommandRun video = CommandRun.of("read", "--model", model.toString(), "--beam", "1", "--ctc-weight", "0",
                "--format", "jsonl", "--fps", "1", CAPTIONS.toString());
        assertEquals(0, video.exitCode(), video.err());
        String[] frames = video.out().split("\n");
        assertEquals(3, frames.length, video.out());
        for (int i = 0; i < 3; i++) {
            JsonObject frame = JsonParser.parseString(frames[i]).getAsJsonObject();
            assertEquals(CAPTIONS.toString(), frame.get("image").getAsString());
            assertEquals(i, frame.get("time").getAsDouble(), 0.01);
            assertTrue(frame.has("text") && frame.get("confidence").getAsDouble() > 0, frames[i]);
        }
    }

    @Test
    void evalScoresALineManifestAsWritten() {
        CommandRun eval = CommandRun.of("eval", "--model", model.toString(), "--manifest", dir.resolve("lines.jsonl")
                .toString(), "--beam", "1", "--ctc-weight", "0");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().startsWith("lines 1 (of 1)\nCER 0.00 % as written (S 0, D 0, I 0 over 35 characters)\n"),
                eval.out());
    }

    @Test
    void anOcrPromptTrainsOnTheFrozenReaderAndSteersIt() throws Exception {
        // the same screenshot, now labelled with other words: only the prompt can make the base say them
        String relabelled = "Prompts adapt the reader.";
        Path lines = Files.write(dir.resolve("relabelled.jsonl"), List.of(
                "{\"id\": \"shot\", \"image\": \"" + SCREENSHOT + "\", \"text\": \"" + relabelled + "\"}"));
        Path prompt = dir.resolve("ocr-new");
        CommandRun adapt = CommandRun.of("adapt", "--task", "ocr", "--base", model.toString(), "--method", "enc+dec",
                "--length", "16", "--train", lines.toString(), "--dev", lines.toString(), "--out", prompt.toString(),
                "--run", dir.resolve("run-ocr-prompt").toString(), "--epochs", "120", "--lr", "1e-1", "--warmup", "2",
                "--patience", "0", "--ctc-weight", "0");
        assertEquals(0, adapt.exitCode(), adapt.err());
        JsonObject info = JsonParser.parseString(Files.readString(prompt.resolve("adapter_config.json")))
                .getAsJsonObject();
        assertEquals("ocr", info.get("task").getAsString());
        CommandRun bare = CommandRun.of("read", "--model", model.toString(), "--beam", "1", "--ctc-weight", "0",
                SCREENSHOT.toString());
        CommandRun steered = CommandRun.of("read", "--model", model.toString(), "--prompt", prompt.toString(),
                "--beam", "1", "--ctc-weight", "0", SCREENSHOT.toString());
        assertEquals(SCREENSHOT + "\t" + LINE + "\n", bare.out(), bare.err());
        // 1,024 numbers and one example in 120 steps get much of the way: the new first word, and fewer errors
        // (training on CPU threads is not bit-reproducible, so the margin is wide)
        assertTrue(steered.out().startsWith(SCREENSHOT + "\tPrompts "), steered.out());
        double bareCer = cer(CommandRun.of("eval", "--model", model.toString(), "--manifest", lines.toString(),
                "--beam", "1", "--ctc-weight", "0"));
        double steeredCer = cer(CommandRun.of("eval", "--model", model.toString(), "--prompt", prompt.toString(),
                "--manifest", lines.toString(), "--beam", "1", "--ctc-weight", "0"));
        assertTrue(steeredCer < 0.75 * bareCer, "CER " + steeredCer + " with the prompt, " + bareCer + " without");
        // a reading prompt records its decoding; read then uses it when told nothing
        CommandRun saved = CommandRun.of("eval", "--model", model.toString(), "--prompt", prompt.toString(),
                "--manifest", lines.toString(), "--beam", "1", "--ctc-weight", "0", "--save-decoding");
        assertTrue(saved.out().contains("decodes by default with: greedy"), saved.out() + saved.err());
        assertEquals(steered.out(), CommandRun.of("read", "--model", model.toString(), "--prompt", prompt.toString(),
                SCREENSHOT.toString()).out());
        CommandRun noPrompt = CommandRun.of("eval", "--model", model.toString(), "--manifest", lines.toString(),
                "--save-decoding");
        assertEquals(2, noPrompt.exitCode());
        assertTrue(noPrompt.err().contains("--save-decoding on a text-line manifest records a reading prompt's "
                + "decoding: give --prompt"), noPrompt.err());

        // a reading prompt's own language model is of printed text, fitted on line manifests
        Path more = Files.write(dir.resolve("more-lines.jsonl"), List.of(
                "{\"id\": \"a\", \"image\": \"a.png\", \"text\": \"Prompts adapt the reader, and the writer.\"}",
                "{\"id\": \"b\", \"image\": \"b.png\"}"));
        CommandRun fit = CommandRun.of("lm", "--prompt", prompt.toString(), "--text", lines.toString(), "--text",
                more.toString(), "--order", "4");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.out().startsWith(prompt.resolve("language_model.ngram") + ": 4-gram model of 2 written "
                + "sentences (0 dropped as in the excluded manifests), "), fit.out());
        CommandRun fused = CommandRun.of("read", "--model", model.toString(), "--prompt", prompt.toString(),
                "--beam", "2", "--ctc-weight", "0", "--lm-weight", "0.3", SCREENSHOT.toString());
        assertEquals(0, fused.exitCode(), fused.err());
        assertTrue(fused.out().startsWith(SCREENSHOT + "\tPrompts "), fused.out());
        CommandRun spoken = CommandRun.of("lm", "--prompt", prompt.toString(), "--text", lines.toString(), "--form",
                "spoken");
        assertEquals(2, spoken.exitCode());
        assertTrue(spoken.err().contains("the language model is of spoken text but prompt ocr-new@1 (task ocr) writes "
                + "written text"), spoken.err());
        Path broken = Files.write(dir.resolve("broken.jsonl"), List.of("{\"text\": \"fine\"}", "not json"));
        CommandRun bad = CommandRun.of("lm", "--prompt", prompt.toString(), "--text", broken.toString());
        assertEquals(1, bad.exitCode());
        assertEquals("promptwave lm: " + broken + " line 2: not a JSON object", bad.err().strip());

        CommandRun onSpeech = CommandRun.of("adapt", "--task", "ocr", "--base", speechOnly.toString(),
                "--method", "enc", "--train", lines.toString(), "--out", dir.resolve("never").toString());
        assertEquals(1, onSpeech.exitCode());
        assertTrue(onSpeech.err().contains("this model reads no images"), onSpeech.err());
    }

    @Test
    void theShippedBaseReadsTheSampleLines() throws Exception {
        // the shipped base is multimodal: its own decoding reads the screenshot and the photo-like copy
        // ("Promptwave" is in no training sentence, so the brand name costs a few characters)
        Path samples = Files.write(dir.resolve("sample-lines.jsonl"), List.of(
                "{\"id\": \"shot\", \"image\": \"" + SCREENSHOT + "\", \"text\": \"" + LINE + "\"}",
                "{\"id\": \"photo\", \"image\": \"" + SCREENSHOT.resolveSibling("line-photo.jpg") + "\", \"text\": \""
                        + LINE + "\"}"));
        double shipped = cer(CommandRun.of("eval", "--model", Path.of("../models/base").toString(), "--manifest",
                samples.toString()));
        assertTrue(shipped < 15, "CER " + shipped + " % on the sample lines");
    }

    /** The as-written CER an eval of a line manifest prints. */
    private static double cer(CommandRun eval) {
        assertEquals(0, eval.exitCode(), eval.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("CER ([0-9.]+) % as written").matcher(eval.out());
        assertTrue(m.find(), eval.out());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aFineTunedReaderKeepsItsLineSettings() throws Exception {
        Path tuned = dir.resolve("tuned");
        CommandRun full = CommandRun.of("adapt", "--task", "ocr", "--base", model.toString(), "--method", "full",
                "--train", dir.resolve("lines.jsonl").toString(), "--out", tuned.toString(), "--run",
                dir.resolve("run-ocr-full").toString(), "--epochs", "1", "--lr", "1e-5", "--warmup", "1");
        assertEquals(0, full.exitCode(), full.err());
        JsonObject config = JsonParser.parseString(Files.readString(tuned.resolve("config.json"))).getAsJsonObject();
        assertEquals(32, config.getAsJsonObject("image_features").get("height").getAsInt());
        CommandRun read = CommandRun.of("read", "--model", tuned.toString(), "--beam", "1", "--ctc-weight", "0",
                SCREENSHOT.toString());
        assertEquals(SCREENSHOT + "\t" + LINE + "\n", read.out(), read.err());
    }

    @Test
    void badInputsAreNamedAndTheOthersStillRead(@TempDir Path bad) throws Exception {
        Path text = Files.writeString(bad.resolve("notes.png"), "not an image");
        CommandRun run = CommandRun.of("read", "--model", model.toString(), "--beam", "1", text.toString(),
                SCREENSHOT.toString());
        assertEquals(1, run.exitCode());
        assertEquals("promptwave read: " + text + ": not an image Promptwave reads (starts with 0x6e6f7420616e2069 "
                + "\"not an i\"); it reads PNG, JPEG, WebP, BMP and TIFF\n", run.err());
        assertTrue(run.out().startsWith(SCREENSHOT + "\t"), run.out());

        CommandRun noImages = CommandRun.of("read", "--model", speechOnly.toString(), SCREENSHOT.toString());
        assertEquals(1, noImages.exitCode());
        assertEquals("promptwave read: " + speechOnly + ": this model reads no images (it has no image front-end; "
                + "pretrain --image-train adds one)\n", noImages.err());
    }
}
