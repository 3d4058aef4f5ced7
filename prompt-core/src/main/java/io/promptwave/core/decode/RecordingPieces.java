package io.promptwave.core.decode;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.feature.FbankExtractor;
import io.promptwave.audio.segment.SegmenterConfig;
import io.promptwave.audio.segment.SpeechSegment;
import io.promptwave.audio.segment.SpeechSegmenter;
import io.promptwave.core.train.FeatureCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a recording of any length into pieces the model reads well, and joins the pieces'
 * transcripts back onto the recording's time line. Audio up to {@link #MAX_PIECE_SECONDS} is one
 * piece; longer audio is cut at pauses by the audio module's segmenter (the model was trained on
 * sentences of 1 to 15 seconds). The pieces are independent rows: a caller may decode them in one
 * batch ({@link AudioTranscriber}) or hand them to a scheduler that mixes them with other requests.
 * Immutable and thread-safe.
 */
public final class RecordingPieces {
    /** Longest audio transcribed as one piece. */
    public static final double MAX_PIECE_SECONDS = 20;
    /** Fewest fbank frames the front-end can subsample. */
    private static final int MIN_FRAMES = 16;

    private final SpeechSegmenter segmenter =
            new SpeechSegmenter(SegmenterConfig.builder().optMaxSegment(MAX_PIECE_SECONDS).build());

    /**
     * One piece: its normalised features and where it starts in the recording.
     *
     * @param features what the model reads
     * @param offset start in the recording, in seconds
     */
    public record Piece(FeatureSequence features, double offset) {
    }

    /**
     * @param audio mono audio at 16 kHz
     * @return the pieces in order; empty when long audio holds no speech
     * @throws AudioFormatException when the audio is too short to hold a frame
     */
    public List<Piece> cut(PcmAudio audio) throws AudioFormatException {
        boolean whole = audio.durationSeconds() <= MAX_PIECE_SECONDS;
        List<SpeechSegment> segments = whole ? List.of(new SpeechSegment(0, audio.durationSeconds()))
                : segmenter.segment(audio);
        FbankExtractor fbank = new FbankExtractor();
        List<Piece> pieces = new ArrayList<>();
        for (SpeechSegment segment : segments) {
            FeatureSequence f = fbank.extract(whole ? audio : audio.slice(segment.start(), segment.end()));
            if (f.frames() >= MIN_FRAMES) {
                pieces.add(new Piece(FeatureCache.normalize(f), segment.start()));
            }
        }
        if (pieces.isEmpty() && whole) {
            throw new AudioFormatException(audio.source(), String.format(Locale.ROOT,
                    "%.3f s of audio is too short to transcribe (at least 0.17 s)", audio.durationSeconds()));
        }
        return pieces;
    }

    /**
     * One spoken command, read whole as one piece: what slot filling needs (a command is not cut at pauses).
     *
     * @param audio mono audio at 16 kHz
     * @return its normalised features
     * @throws AudioFormatException when it is longer than {@link #MAX_PIECE_SECONDS} or too short to hold a frame
     */
    public FeatureSequence command(PcmAudio audio) throws AudioFormatException {
        if (audio.durationSeconds() > MAX_PIECE_SECONDS) {
            throw new AudioFormatException(audio.source(), String.format(Locale.ROOT,
                    "%.1f s is longer than one spoken command (at most %.0f s)", audio.durationSeconds(),
                    MAX_PIECE_SECONDS));
        }
        FeatureSequence f = new FbankExtractor().extract(audio);
        if (f.frames() < MIN_FRAMES) {
            throw new AudioFormatException(audio.source(), String.format(Locale.ROOT,
                    "%.3f s of audio is too short to understand (at least 0.17 s)", audio.durationSeconds()));
        }
        return FeatureCache.normalize(f);
    }

    /**
     * @param pieces what {@link #cut} returned
     * @param parts one transcript per piece, in the same order
     * @return the recording's transcript: texts joined by spaces, words shifted by their piece's offset, the
     *     confidence the geometric mean of the pieces'
     */
    public static Transcript join(List<Piece> pieces, List<Transcript> parts) {
        if (pieces.size() != parts.size()) {
            throw new IllegalArgumentException(parts.size() + " transcripts for " + pieces.size() + " pieces");
        }
        if (parts.size() == 1 && pieces.get(0).offset() == 0) {
            return parts.get(0);
        }
        StringBuilder text = new StringBuilder();
        List<Word> words = new ArrayList<>();
        int tokens = 0;
        for (Transcript t : parts) {
            tokens += t.tokenLogProbs().length;
        }
        float[] logProbs = new float[tokens];
        int at = 0;
        double logConfidence = 0;
        for (int i = 0; i < parts.size(); i++) {
            Transcript t = parts.get(i);
            if (!t.text().isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(t.text());
            }
            double offset = pieces.get(i).offset();
            for (Word w : t.words()) {
                words.add(new Word(w.text(), w.start() + offset, w.end() + offset, w.confidence()));
            }
            System.arraycopy(t.tokenLogProbs(), 0, logProbs, at, t.tokenLogProbs().length);
            at += t.tokenLogProbs().length;
            logConfidence += Math.log(Math.max(1e-12, t.confidence()));
        }
        double confidence = parts.isEmpty() ? 0 : Math.exp(logConfidence / parts.size());
        return new Transcript(text.toString(), confidence, logProbs, words);
    }
}
