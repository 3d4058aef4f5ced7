package io.promptwave.cli;

import static io.promptwave.cli.TinyBase.ALARM;
import static io.promptwave.cli.TinyBase.ALARM_TEXT;
import static io.promptwave.cli.TinyBase.MUSIC;
import static io.promptwave.cli.TinyBase.MUSIC_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.encode.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pretrain}, {@code transcribe} and {@code eval} end to end: a tiny model learns the two short
 * bundled recordings by heart through the command line, then must transcribe them word for word.
 */
class TranscribeCommandTest {
    @TempDir
    static Path dir;
    private static Path model;
    private static Path manifest;

    @BeforeAll
    static void trainATinyModel() throws IOException {
        model = dir.resolve("model");
        TinyBase.Trained trained = TinyBase.train(dir, model);
        manifest = trained.manifest();
        assertTrue(trained.log().contains("pretrain: finished after 120 epochs, 120 steps"), trained.log());
    }

    /** A copy of the trained model that a test may change (its decoding, a language model). */
    private static Path copyOfTheModel(String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        for (String file : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(model.resolve(file), copy.resolve(file));
        }
        return copy;
    }

    /** A 2-vector encoder prompt trained one epoch on the two recordings, in {@code prompt-NAME}. */
    private static Path oneEpochPrompt(String name) {
        Path prompt = dir.resolve("prompt-" + name);
        CommandRun adapt = CommandRun.of("adapt", "--base", model.toString(), "--method", "enc", "--length", "2",
                "--train", manifest.toString(), "--out", prompt.toString(), "--run", dir.resolve("run-" + name).toString(),
                "--cache", dir.resolve("cache").toString(), "--epochs", "1", "--batch-frames", "2000");
        assertEquals(0, adapt.exitCode(), adapt.err());
        return prompt;
    }

    @Test
    void aPromptDecodesInItsOwnLanguageUnlessTold() throws IOException {
        Path prompt = oneEpochPrompt("lang");
        Path config = prompt.resolve("adapter_config.json");
        assertTrue(Files.readString(config).contains("\"language\": \"en\""), Files.readString(config));
        CommandRun english = CommandRun.of("transcribe", "--model", model.toString(), "--prompt", prompt.toString(),
                ALARM.toString());
        assertEquals(0, english.exitCode(), english.err());
        // a prompt recorded for another language asks for that language's token (this tiny base knows only en)
        Files.writeString(config, Files.readString(config).replace("\"language\": \"en\"", "\"language\": \"it\""));
        CommandRun italian = CommandRun.of("transcribe", "--model", model.toString(), "--prompt", prompt.toString(),
                ALARM.toString());
        assertEquals(2, italian.exitCode());
        assertTrue(italian.err().contains("the model knows the languages [en], not 'it' (the prompt's language; give "
                + "--language)"), italian.err());
        CommandRun told = CommandRun.of("transcribe", "--model", model.toString(), "--prompt", prompt.toString(),
                "--language", "en", ALARM.toString());
        assertEquals(0, told.exitCode(), told.err());
        assertEquals(english.out(), told.out());
    }

    @Test
    void transcribesEachFileOnItsOwnLine() {
        CommandRun run = CommandRun.of("transcribe", "--model", model.toString(), ALARM.toString(), MUSIC.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(ALARM + "\t" + ALARM_TEXT + "\n" + MUSIC + "\t" + MUSIC_TEXT + "\n", run.out());
    }

    @Test
    void jsonLinesCarryWordsWithTimesInsideTheRecording() {
        CommandRun run = CommandRun.of("transcribe", "--model", model.toString(), "--format", "jsonl", "--beam", "3",
                "--ctc-weight", "0.3", ALARM.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject line = JsonParser.parseString(run.out().trim()).getAsJsonObject();
        assertEquals(ALARM.toString(), line.get("audio").getAsString());
        assertEquals(ALARM_TEXT, line.get("text").getAsString());
        double confidence = line.get("confidence").getAsDouble();
        assertTrue(confidence > 0.5 && confidence <= 1, "confidence " + confidence);
        JsonArray words = line.getAsJsonArray("words");
        String[] expected = ALARM_TEXT.split(" ");
        assertEquals(expected.length, words.size());
        double previousEnd = 0;
        for (int i = 0; i < expected.length; i++) {
            JsonObject w = words.get(i).getAsJsonObject();
            assertEquals(expected[i], w.get("text").getAsString());
            double start = w.get("start").getAsDouble();
            double end = w.get("end").getAsDouble();
            assertTrue(start >= previousEnd - 1e-9 && end > start && end <= 2.75, w.toString());
            previousEnd = end;
        }
    }

    @Test
    void greedyCtcDecodingReadsTheAudioWithoutTheDecoder() {
        CommandRun run = CommandRun.of("eval", "--model", model.toString(), "--manifest", manifest.toString(),
                "--ctc-weight", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\ndecoding (greedy CTC): "), run.out());
        // the tiny model's CTC head learns more slowly than its decoder (about 19 % CER after the 120
        // steps); an untrained head or a broken collapse of repeats and blanks is near 100 %
        double cer = Double.parseDouble(run.out().replaceAll("(?s).*\nCER ([0-9.]+) %.*", "$1"));
        assertTrue(cer < 40, "CER " + cer);
    }

    @Test
    void aSavedDecodingBecomesTheModelsDefault() throws IOException {
        Path copy = copyOfTheModel("copy");
        CommandRun save = CommandRun.of("eval", "--model", copy.toString(), "--manifest", manifest.toString(), "--beam",
                "2", "--ctc-weight", "0.4", "--length-norm", "0", "--save-decoding");
        assertEquals(0, save.exitCode(), save.err());
        assertTrue(save.out().endsWith("the model's default decoding is now: beam 2, CTC weight 0.40, length norm 0.00\n"),
                save.out());
        CommandRun plain = CommandRun.of("eval", "--model", copy.toString(), "--manifest", manifest.toString());
        assertTrue(plain.out().contains("decoding (beam 2, CTC weight 0.40, length norm 0.00)"), plain.out());
        CommandRun override = CommandRun.of("eval", "--model", copy.toString(), "--manifest", manifest.toString(),
                "--beam", "1", "--ctc-weight", "0");
        assertTrue(override.out().contains("decoding (greedy)"), override.out());
    }

    @Test
    void aLanguageModelFittedOnTextIsFusedAndCanBecomeTheDefault() throws IOException {
        Path copy = copyOfTheModel("with-lm");
        Path text = Files.write(dir.resolve("sentences.txt"), List.of(ALARM_TEXT, MUSIC_TEXT, "",
                "wake me up at seven", "play some music in the kitchen", "turn the kitchen lights off"));
        // a held-out set whose sentence is in the text: it must not reach the language model
        Path held = Files.write(dir.resolve("held.jsonl"), List.of("{\"id\": \"a\", \"audio\": \"" + ALARM
                + "\", \"text\": \"turn the kitchen lights off\"}"));
        CommandRun fit = CommandRun.of("lm", "--model", copy.toString(), "--text", text.toString(), "--exclude",
                held.toString(), "--order", "5");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.out().startsWith(copy.resolve("language_model.ngram") + ": 5-gram model of 4 sentences "
                + "(1 dropped as in the excluded manifests), "), fit.out());

        CommandRun fused = CommandRun.of("eval", "--model", copy.toString(), "--manifest", manifest.toString(),
                "--beam", "3", "--ctc-weight", "0.3", "--length-norm", "0", "--lm-weight", "0.5", "--save-decoding");
        assertEquals(0, fused.exitCode(), fused.err());
        assertTrue(fused.out().startsWith("utterances 2 (of 2)\nWER 0.00 % "), fused.out());
        assertTrue(fused.out().endsWith("the model's default decoding is now: beam 3, CTC weight 0.30, length norm 0.00,"
                + " 5-gram LM weight 0.50\n"), fused.out());
        CommandRun transcribe = CommandRun.of("transcribe", "--model", copy.toString(), ALARM.toString());
        assertEquals(ALARM + "\t" + ALARM_TEXT + "\n", transcribe.out(), transcribe.err());

        CommandRun none = CommandRun.of("eval", "--model", model.toString(), "--manifest", manifest.toString(),
                "--beam", "2", "--lm-weight", "0.5");
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("a language model weight of 0.5 needs a language model, and the model has none"),
                none.err());
        CommandRun order = CommandRun.of("lm", "--model", copy.toString(), "--text", text.toString(), "--order", "9");
        assertEquals(2, order.exitCode());
        assertTrue(order.err().contains("--order must be 2 to 7, got 9"), order.err());
        Path binary = Files.write(dir.resolve("binary.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41, (byte) 0xc3});
        CommandRun notText = CommandRun.of("lm", "--model", copy.toString(), "--text", binary.toString());
        assertEquals(1, notText.exitCode());
        assertEquals("promptwave lm: " + binary + " is not UTF-8 text", notText.err().strip());
        Path blank = Files.write(dir.resolve("blank.txt"), List.of("", "  "));
        CommandRun empty = CommandRun.of("lm", "--model", copy.toString(), "--text", blank.toString());
        assertEquals(1, empty.exitCode());
        assertEquals("promptwave lm: " + blank + " has no sentence to count", empty.err().strip());
    }

    @Test
    void aPromptBringsItsOwnLanguageModelAndAFileCanStandInForIt() throws IOException {
        Path prompt = oneEpochPrompt("lm");
        Path text = Files.write(dir.resolve("prompt-text.txt"), List.of(ALARM_TEXT, MUSIC_TEXT, "wake me up at seven",
                "turn the kitchen lights off"));
        // the tiny model has no language model: a weight needs the prompt's
        CommandRun none = CommandRun.of("eval", "--model", model.toString(), "--prompt", prompt.toString(),
                "--manifest", manifest.toString(), "--beam", "2", "--lm-weight", "0.5");
        assertEquals(2, none.exitCode(), none.err());
        CommandRun fit = CommandRun.of("lm", "--prompt", prompt.toString(), "--text", text.toString(), "--order", "5");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.out().startsWith(prompt.resolve("language_model.ngram") + ": 5-gram model of 4 sentences "
                + "(0 dropped as in the excluded manifests), "), fit.out());
        CommandRun fused = CommandRun.of("eval", "--model", model.toString(), "--prompt", prompt.toString(),
                "--manifest", manifest.toString(), "--beam", "2", "--lm-weight", "0.5");
        assertEquals(0, fused.exitCode(), fused.err());
        assertTrue(fused.out().contains("decoding (beam 2, CTC weight 0.00, length norm 1.00, 5-gram LM weight 0.50)"),
                fused.out());
        CommandRun bare = CommandRun.of("eval", "--model", model.toString(), "--manifest", manifest.toString(),
                "--beam", "2", "--lm-weight", "0.5");
        assertEquals(2, bare.exitCode(), "without the prompt there is no language model again");

        CommandRun italian = CommandRun.of("lm", "--prompt", prompt.toString(), "--text", text.toString(),
                "--language", "it");
        assertEquals(2, italian.exitCode());
        assertTrue(italian.err().contains("--language it: the prompt decodes 'en', and only rows in the language "
                + "model's language are fused"), italian.err());
        CommandRun two = CommandRun.of("lm", "--model", model.toString(), "--prompt", prompt.toString(), "--text",
                text.toString());
        assertEquals(2, two.exitCode());
        assertTrue(two.err().contains("store the language model in one place: --model, --prompt or --out"), two.err());

        // a file, with the test transcripts held out and the sentences that share three words with them
        Path file = dir.resolve("standalone.ngram");
        CommandRun out = CommandRun.of("lm", "--out", file.toString(), "--text", text.toString(), "--exclude",
                manifest.toString(), "--exclude-overlap", "3", "--order", "4");
        assertEquals(0, out.exitCode(), out.err());
        assertTrue(out.out().startsWith(file + ": 4-gram model of 1 sentences (2 dropped as in the excluded manifests, "
                + "1 more sharing 3 words with them), "), out.out());
        CommandRun standIn = CommandRun.of("eval", "--model", model.toString(), "--manifest", manifest.toString(),
                "--beam", "2", "--lm", file.toString(), "--lm-weight", "0.5");
        assertEquals(0, standIn.exitCode(), standIn.err());
        assertTrue(standIn.out().contains("4-gram LM weight 0.50)"), standIn.out());
        CommandRun save = CommandRun.of("eval", "--model", model.toString(), "--manifest", manifest.toString(),
                "--beam", "2", "--lm", file.toString(), "--lm-weight", "0.5", "--save-decoding");
        assertEquals(2, save.exitCode());
        assertTrue(save.err().contains("--save-decoding records a weight for the prompt's or the model's own language "
                + "model, not for --lm " + file), save.err());
        Path missing = dir.resolve("no-such.ngram");
        CommandRun gone = CommandRun.of("eval", "--model", model.toString(), "--manifest", manifest.toString(),
                "--lm", missing.toString());
        assertEquals(2, gone.exitCode());
        assertTrue(gone.err().contains("--lm " + missing + ": no such file"), gone.err());
        Path notLm = Files.writeString(dir.resolve("not.ngram"), "turn the kitchen lights off\n");
        CommandRun bad = CommandRun.of("transcribe", "--model", model.toString(), "--lm", notLm.toString(),
                ALARM.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--lm " + notLm + ": not a gzip stream"), bad.err());
    }

    @Test
    void filesTooShortForAFrameFailAloneWhileTheOthersAreReadInOneBatch() throws IOException {
        Path blip = dir.resolve("blip.wav");
        WavWriter.write(PcmAudio.of(new float[80], 16000, "blip"), WavWriter.Encoding.PCM_16, blip);
        CommandRun run = CommandRun.of("transcribe", "--model", model.toString(), ALARM.toString(), blip.toString(),
                MUSIC.toString());
        assertEquals(1, run.exitCode());
        assertEquals(ALARM + "\t" + ALARM_TEXT + "\n" + MUSIC + "\t" + MUSIC_TEXT + "\n", run.out());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().startsWith("promptwave transcribe: ") && run.err().contains(blip.toString()), run.err());
    }

    @Test
    void evalScoresTheManifestAndWritesDetails() throws IOException {
        Path details = dir.resolve("details.jsonl");
        CommandRun run = CommandRun.of("eval", "--model", model.toString(), "--manifest", manifest.toString(),
                "--details", details.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("utterances 2 (of 2)\nWER 0.00 % (S 0, D 0, I 0 over 15 words)\n"
                + "CER 0.00 % (S 0, D 0, I 0 over 73 characters)\ndecoding (greedy): "), run.out());
        List<String> lines = Files.readAllLines(details);
        assertEquals(2, lines.size());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("alarm", first.get("id").getAsString());
        assertEquals(ALARM_TEXT, first.get("hypothesis").getAsString());
        assertEquals(0.0, first.get("wer").getAsDouble());
    }

    @Test
    void badInputsGetOneLineEach() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.wav"), "not audio\n");
        CommandRun run = CommandRun.of("transcribe", "--model", model.toString(), text.toString(), ALARM.toString());
        assertEquals(1, run.exitCode());
        assertEquals(ALARM + "\t" + ALARM_TEXT + "\n", run.out());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().startsWith("promptwave transcribe: " + text + ": "), run.err());

        CommandRun beam = CommandRun.of("transcribe", "--model", model.toString(), "--beam", "0", ALARM.toString());
        assertEquals(2, beam.exitCode());
        assertTrue(beam.err().startsWith("promptwave transcribe: beam size must be between 1 and 64, got 0"), beam.err());

        CommandRun missing = CommandRun.of("transcribe", "--model", dir.resolve("nowhere").toString(), ALARM.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("not a model directory"), missing.err());
        assertTrue(!missing.err().contains("\tat "), "no stack trace");
    }
}
