package io.promptwave.core.decode;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.FeatureSequence;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.feature.FbankExtractor;
import io.promptwave.audio.segment.SegmenterConfig;
import io.promptwave.audio.segment.SpeechSegment;
import io.promptwave.audio.segment.SpeechSegmenter;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.train.FeatureCache;
import java.util.ArrayList;
import java.util.List;

/**
 * Recordings of any length to text. Audio up to {@link #MAX_PIECE_SECONDS} is one utterance;
 * longer audio is cut at pauses by the audio module's segmenter and its pieces are transcribed
 * together in one batch, their words shifted to the recording's time line. The model was
 * trained on sentences of 1 to 15 seconds; pieces are kept near that.
 */
public final class AudioTranscriber {
    /** Longest audio transcribed as one piece. */
    public static final double MAX_PIECE_SECONDS = 20;

    private final Transcriber transcriber;
    private final SpeechSegmenter segmenter;

    /**
     * @param model the model
     * @param options how to search
     */
    public AudioTranscriber(SpeechModel model, DecodingOptions options) {
        this.transcriber = new Transcriber(model, options);
        this.segmenter = new SpeechSegmenter(SegmenterConfig.builder().optMaxSegment(MAX_PIECE_SECONDS).build());
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
        List<SpeechSegment> pieces = audio.durationSeconds() <= MAX_PIECE_SECONDS
                ? List.of(new SpeechSegment(0, audio.durationSeconds())) : segmenter.segment(audio);
        List<FeatureSequence> features = new ArrayList<>();
        List<SpeechSegment> kept = new ArrayList<>();
        FbankExtractor fbank = new FbankExtractor();
        for (SpeechSegment piece : pieces) {
            PcmAudio slice = pieces.size() == 1 ? audio : audio.slice(piece.start(), piece.end());
            FeatureSequence f = fbank.extract(slice);
            if (f.frames() >= 16) {
                features.add(FeatureCache.normalize(f));
                kept.add(piece);
            }
        }
        if (features.isEmpty()) {
            if (pieces.size() == 1) {
                throw new AudioFormatException(audio.source(), String.format(java.util.Locale.ROOT,
                        "%.3f s of audio is too short to transcribe (at least 0.17 s)", audio.durationSeconds()));
            }
            return new Transcript("", 0, new float[0], List.of());
        }
        List<Transcript> parts = transcriber.transcribe(features, language,
                java.util.Collections.nCopies(features.size(), prompt));
        StringBuilder text = new StringBuilder();
        List<Word> words = new ArrayList<>();
        List<Float> logProbs = new ArrayList<>();
        double logConfidence = 0;
        for (int i = 0; i < parts.size(); i++) {
            Transcript t = parts.get(i);
            if (!t.text().isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(t.text());
            }
            double offset = kept.get(i).start();
            for (Word w : t.words()) {
                words.add(new Word(w.text(), w.start() + offset, w.end() + offset, w.confidence()));
            }
            for (float p : t.tokenLogProbs()) {
                logProbs.add(p);
            }
            logConfidence += Math.log(Math.max(1e-12, t.confidence()));
        }
        float[] all = new float[logProbs.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = logProbs.get(i);
        }
        return new Transcript(text.toString(), Math.exp(logConfidence / parts.size()), all, words);
    }
}
