package io.promptwave.core.decode;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.PcmAudio;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Recordings of any length to text: {@link RecordingPieces} cuts them, the pieces are transcribed
 * together in one batch, and their words are shifted to the recording's time line. Several short
 * recordings go through one batch together ({@link #transcribeAll}), each getting what it would get
 * alone.
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
        return transcribeAll(List.of(audio), language, prompt).get(0);
    }

    /**
     * @param audios mono recordings at 16 kHz; their pieces are decoded in one batch, so keep the
     *     total to what one batch should hold (a few minutes of audio)
     * @param language the language code, e.g. {@code en}
     * @param prompt the prompt steering the base, or null for none
     * @return one transcript per recording, in order (empty text where no speech was found)
     * @throws AudioFormatException when a recording is not at 16 kHz or too short to hold a frame
     */
    public List<Transcript> transcribeAll(List<PcmAudio> audios, String language, SoftPrompt prompt)
            throws AudioFormatException {
        List<List<RecordingPieces.Piece>> cut = new ArrayList<>();
        List<FeatureSequence> features = new ArrayList<>();
        for (PcmAudio audio : audios) {
            List<RecordingPieces.Piece> pieces = cutter.cut(audio);
            cut.add(pieces);
            pieces.forEach(p -> features.add(p.features()));
        }
        List<Transcript> parts = features.isEmpty() ? List.of()
                : transcriber.transcribe(features, language, Collections.nCopies(features.size(), prompt));
        List<Transcript> out = new ArrayList<>();
        int at = 0;
        for (List<RecordingPieces.Piece> pieces : cut) {
            out.add(pieces.isEmpty() ? new Transcript("", 0, new float[0], List.of())
                    : RecordingPieces.join(pieces, parts.subList(at, at + pieces.size())));
            at += pieces.size();
        }
        return out;
    }
}
