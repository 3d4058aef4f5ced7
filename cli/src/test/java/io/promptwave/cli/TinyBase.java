package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny model that has learnt the two short bundled recordings by heart through
 * {@code pretrain} (120 steps, about 10 s): what the command tests transcribe and adapt with.
 */
final class TinyBase {
    static final Path ALARM = CommandRun.sample("alarm-en-us-8k-mulaw.wav");
    static final Path MUSIC = CommandRun.sample("music-en-us-48k-stereo.ogg");
    static final String ALARM_TEXT = "wake me up at six forty five tomorrow";
    static final String MUSIC_TEXT = "play some jazz in the kitchen please";

    /** The manifest of the two recordings and the trained model directory. */
    record Trained(Path manifest, Path model, String log) {
    }

    private TinyBase() {
    }

    /**
     * @param dir a scratch folder (manifest, run, feature cache)
     * @param model where the model goes
     * @return the manifest and the model
     */
    static Trained train(Path dir, Path model) throws IOException {
        Path manifest = dir.resolve("two.jsonl");
        Files.write(manifest, List.of(
                "{\"id\": \"alarm\", \"audio\": \"" + ALARM.toAbsolutePath() + "\", \"text\": \"" + ALARM_TEXT + "\", \"lang\": \"en\"}",
                "{\"id\": \"music\", \"audio\": \"" + MUSIC.toAbsolutePath() + "\", \"text\": \"" + MUSIC_TEXT + "\", \"lang\": \"en\"}"));
        CommandRun run = CommandRun.of("pretrain", "--train", manifest.toString(), "--out", model.toString(), "--run",
                dir.resolve("run").toString(), "--cache", dir.resolve("cache").toString(), "--epochs", "120",
                "--batch-frames", "2000", "--lr", "3e-3", "--warmup", "10", "--no-spec-augment", "--dropout", "0",
                "--label-smoothing", "0", "--d-model", "64", "--heads", "4", "--encoder-layers", "2",
                "--decoder-layers", "1", "--feed-forward", "128", "--front-end-width", "64", "--languages", "en");
        assertEquals(0, run.exitCode(), run.err());
        return new Trained(manifest, model, run.err());
    }
}
