package io.promptwave.core.decode;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.FeatureSequence;
import io.promptwave.audio.PcmAudio;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import java.util.Collections;
import java.util.List;

/**
 * Recordings of any length to text: {@link RecordingPieces} cuts them, the pieces are transcribed
 * together in one batch, and their words are shifted to the recording's time line.
 */
public final class AudioTranscriber {

    private final Transcriber transcriber;
    private final RecordingPieces cutter = new RecordingPieces();

    /**
     * @param model the model
     * @param options how to search
     */
    public AudioTranscriber(SpeechModel model, DecodingOptions options) {
        this.transcriber = new Transcriber(model, options);
    }

    /**
     * @param audio mono audio at 16 kHz
     * @param language the language code, e.g. {@code en}
     * @return the transcript (empty text when no speech was found)
     * @throws AudioFormatException when the audio is not at 16 kHz or too short to hold a frame
     */
    public Transcript transcribe(PcmAudio audio, String language) throws AudioFormatException {
        return transcribe(audio, language, null);
    }

    /**
     * @param audio mono audio at 16 kHz
     * @param language the language code, e.g. {@code en}
     * @param prompt the prompt steering the base, or null for none
     * @return the transcript (empty text when no speech was found)
     * @throws AudioFormatException when the audio is not at 16 kHz or too short to hold a frame
     */
    public Transcript transcribe(PcmAudio audio, String language, SoftPrompt prompt) throws AudioFormatException {
        List<RecordingPieces.Piece> pieces = cutter.cut(audio);
        if (pieces.isEmpty()) {
            return new Transcript("", 0, new float[0], List.of());
        }
        List<FeatureSequence> features = pieces.stream().map(RecordingPieces.Piece::features).toList();
        return RecordingPieces.join(pieces, transcriber.transcribe(features, language,
                Collections.nCopies(features.size(), prompt)));
    }
}
