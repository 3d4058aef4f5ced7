package io.promptwave.server;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.slots.SlotSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The shipped base (models/base) under a scratch models folder, with three untrained prompts made
 * for it: {@code newvoice} (enc+dec, asr), {@code deepvoice} (deep prefix, asr) and {@code home}
 * (dec, slots, a two-intent schema). Untrained prompts still change what the base writes, which is
 * what the tests compare: a row served by the server against the same row decoded directly.
 */
final class ServedFixture {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path ALARM = REPO.resolve("samples/audio/alarm-en-us-8k-mulaw.wav");
    static final Path MUSIC = REPO.resolve("samples/audio/music-en-us-48k-stereo.ogg");
    static final SlotSchema HOME = new SlotSchema("home", "en", List.of("alarm_set", "music_play"),
            List.of("time", "date", "genre"));

    private ServedFixture() {
    }

    /** Makes {@code dir/base} (a link to the shipped base) and {@code dir/prompts}. */
    static Path modelsFolder(Path dir) throws IOException, ModelFormatException, EngineUnavailableException {
        Files.createSymbolicLink(dir.resolve(ServedModels.BASE), REPO.resolve("models/base"));
        try (SpeechModel model = io.promptwave.core.artifact.ModelDirectory.load(dir.resolve(ServedModels.BASE))) {
            Path prompts = dir.resolve(ServedModels.PROMPTS);
            write(model, prompts.resolve("newvoice/v1"), "newvoice", 1, PromptMethod.ENC_DEC, "asr", Map.of(), 7);
            write(model, prompts.resolve("deepvoice/v1"), "deepvoice", 1, PromptMethod.DEEP, "asr", Map.of(), 8);
            write(model, prompts.resolve("home/v1"), "home", 1, PromptMethod.DEC, "slots", HOME.toConfig(), 9);
        }
        return dir;
    }

    /** Writes one prompt version for {@code model}. */
    static void write(SpeechModel model, Path dir, String name, int version, PromptMethod method, String task,
            Map<String, Object> schema, int seed) throws IOException {
        // 8 untrained prefix vectors, not 2: the four-layer decoder of the shipped base writes the same
        // transcript of the alarm sample under a prefix of 2 random vectors
        PromptConfig config = PromptConfig.builder(method).optLength(method == PromptMethod.DEEP ? 8 : 4)
                .optSeed(seed).build();
        try (SoftPrompt p = new PromptFactory(model).create(config, List.of())) {
            PromptDirectory.save(dir, p, new PromptInfo(name, version, config, task, "en", schema,
                    model.fingerprint(), p.trainableCount(), p.storedCount(), Map.of("dev_cer", 0.5), Map.of("seed", seed)));
        }
    }

    static PcmAudio audio(Path file) throws IOException {
        try {
            return new AudioDecoder().decode(file, 16000);
        } catch (AudioFormatException e) {
            throw new IOException(e);
        }
    }

    static ServedModels load(Path models) throws IOException {
        try {
            return ServedModels.load(models);
        } catch (ModelFormatException | PromptMismatchException | EngineUnavailableException e) {
            throw new IOException(e);
        }
    }
}
