package io.promptwave.corpus.tts;

import java.nio.file.Path;

/**
 * Speak {@code text} with {@code voice} into the WAV file {@code output}.
 *
 * @param text words only: letters, apostrophes and spaces
 * @param voice the voice configuration
 * @param output where the engine writes its WAV
 */
public record TtsRequest(String text, Voice voice, Path output) {
}
