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
 * Recordings of any length to text: {@link RecordingPieces} cuts them, the pieces are transcribed in
 * batches of about a minute of audio, and their words are shifted to the recording's time line. Several
 * short recordings share a batch ({@link #transcribeAll}), each getting what it would get alone.
 */
public final class AudioTranscriber {

    /**
     * Feature frames (10 ms each) one batch holds at most, unless a single piece is longer: an hour-long
     * file is about 180 pieces, and a beam search over all of them at once would hold every hypothesis
     * of every piece in memory.
     */
    static final int BATCH_FRAMES = 6000;

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
     * @param audios mono recordings at 16 kHz; their pieces are decoded in batches of at most
     *     {@link #BATCH_FRAMES} frames, in order
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
        List<Transcript> parts = new ArrayList<>(features.size());
        int from = 0;
        int frames = 0;
        for (int i = 0; i < features.size(); i++) {
            if (i > from && frames + features.get(i).frames() > BATCH_FRAMES) {
                parts.addAll(transcriber.transcribe(features.subList(from, i), language,
                        Collections.nCopies(i - from, prompt)));
                from = i;
                frames = 0;
            }
            frames += features.get(i).frames();
        }
        if (from < features.size()) {
            parts.addAll(transcriber.transcribe(features.subList(from, features.size()), language,
                    Collections.nCopies(features.size() - from, prompt)));
        }
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
