package io.promptwave.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordingPiecesTest {
    private static final int RATE = 16000;
    private static final Path ALARM = Path.of("../samples/audio/alarm-en-us-8k-mulaw.wav");
    private static float[] command;

    @BeforeAll
    static void decodeTheSpokenCommand() throws Exception {
        command = new AudioDecoder().decode(ALARM, RATE).samples();
    }

    /** The spoken command {@code times} times, each followed by {@code pause} seconds of faint noise. */
    private static PcmAudio dictation(int times, double pause, List<Double> starts) {
        int gap = (int) (pause * RATE);
        float[] all = new float[times * (command.length + gap)];
        Random noise = new Random(7);
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) (noise.nextGaussian() * 1e-4);
        }
        for (int k = 0; k < times; k++) {
            int at = k * (command.length + gap);
            starts.add(at / (double) RATE);
            for (int i = 0; i < command.length; i++) {
                all[at + i] += command[i];
            }
        }
        return PcmAudio.of(all, RATE, "dictation.wav");
    }

    @Test
    void longAudioIsCutAtPausesIntoPiecesOfAtMostTwentySecondsThatHoldEveryCommand() throws Exception {
        List<Double> starts = new ArrayList<>();
        PcmAudio audio = dictation(10, 1.5, starts);
        assertTrue(audio.durationSeconds() > 40, audio.durationSeconds() + " s");

        List<RecordingPieces.Piece> pieces = new RecordingPieces().cut(audio);
        assertTrue(pieces.size() >= 3, pieces.size() + " pieces");
        double previousEnd = -1;
        for (RecordingPieces.Piece p : pieces) {
            double seconds = p.features().frames() / 100.0;
            assertTrue(seconds <= RecordingPieces.MAX_PIECE_SECONDS + 0.05, seconds + " s in one piece");
            assertTrue(p.offset() >= previousEnd - 1e-9, "pieces overlap at " + p.offset());
            previousEnd = p.offset() + seconds;
        }
        // the pauses are long enough to cut at, so each command is one piece that lies inside its own
        // stretch of the recording and holds its speech (about 2.5 s of the 2.8 s file)
        assertEquals(starts.size(), pieces.size(), "pieces " + offsets(pieces));
        double length = command.length / (double) RATE;
        for (int k = 0; k < starts.size(); k++) {
            RecordingPieces.Piece p = pieces.get(k);
            double end = p.offset() + p.features().frames() / 100.0;
            // the segmenter pads each piece by up to 0.2 s of the pause on either side
            assertTrue(starts.get(k) - 0.25 <= p.offset() && end <= starts.get(k) + length + 0.25,
                    "command " + k + " at " + starts.get(k) + " s, pieces " + offsets(pieces));
            assertTrue(end - p.offset() > 2.0, "command " + k + " is cut short: " + offsets(pieces));
        }
    }

    @Test
    void speechWithoutPausesIsCutAtTheLongestPiece() throws Exception {
        PcmAudio audio = dictation(12, 0.02, new ArrayList<>());
        assertTrue(audio.durationSeconds() > 30, audio.durationSeconds() + " s");
        List<RecordingPieces.Piece> pieces = new RecordingPieces().cut(audio);
        assertTrue(pieces.size() >= 2, "pieces " + offsets(pieces));
        double covered = 0;
        for (RecordingPieces.Piece p : pieces) {
            double seconds = p.features().frames() / 100.0;
            assertTrue(seconds <= RecordingPieces.MAX_PIECE_SECONDS + 0.05, "pieces " + offsets(pieces));
            covered += seconds;
        }
        assertTrue(covered > 0.9 * audio.durationSeconds(), covered + " of " + audio.durationSeconds() + " s kept");
    }

    @Test
    void audioUpToTwentySecondsIsOnePieceFromTheStart() throws Exception {
        PcmAudio audio = dictation(4, 1.0, new ArrayList<>());
        List<RecordingPieces.Piece> pieces = new RecordingPieces().cut(audio);
        assertEquals(1, pieces.size());
        assertEquals(0, pieces.get(0).offset());
        assertEquals(Math.round(audio.durationSeconds() * 100), pieces.get(0).features().frames(), 2);
    }

    @Test
    void longSilenceGivesNoPiecesAndATinyClipAClearError() throws Exception {
        float[] quiet = new float[25 * RATE];
        Random noise = new Random(3);
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = (float) (noise.nextGaussian() * 1e-4);
        }
        assertEquals(List.of(), new RecordingPieces().cut(PcmAudio.of(quiet, RATE, "quiet.wav")));

        AudioFormatException tiny = assertThrows(AudioFormatException.class,
                () -> new RecordingPieces().cut(PcmAudio.of(new float[800], RATE, "click.wav")));
        assertTrue(tiny.getMessage().startsWith("click.wav: "), tiny.getMessage());
        assertTrue(tiny.getMessage().contains("0.050 s of audio is too short to transcribe"), tiny.getMessage());
    }

    @Test
    void joinedTranscriptsSitOnTheRecordingsTimeLine() throws Exception {
        List<RecordingPieces.Piece> pieces = new RecordingPieces().cut(dictation(10, 1.5, new ArrayList<>()));
        RecordingPieces.Piece first = pieces.get(0);
        RecordingPieces.Piece second = pieces.get(1);
        Transcript a = new Transcript("set an alarm", 0.81, new float[] {-0.1f, -0.2f},
                List.of(new Word("set", 0.2, 0.4, 0.9), new Word("alarm", 0.8, 1.2, 0.8)));
        Transcript b = new Transcript("", 0.64, new float[] {-0.3f}, List.of());
        Transcript joined = RecordingPieces.join(List.of(first, second), List.of(a, b));

        assertEquals("set an alarm", joined.text(), "an empty piece adds no space");
        assertEquals(first.offset() + 0.8, joined.words().get(1).start(), 1e-9);
        assertEquals(first.offset() + 1.2, joined.words().get(1).end(), 1e-9);
        assertEquals(Math.sqrt(0.81 * 0.64), joined.confidence(), 1e-9);
        assertEquals(3, joined.tokenLogProbs().length);
        assertThrows(IllegalArgumentException.class, () -> RecordingPieces.join(List.of(first), List.of(a, b)));
    }

    private static List<String> offsets(List<RecordingPieces.Piece> pieces) {
        List<String> out = new ArrayList<>();
        for (RecordingPieces.Piece p : pieces) {
            out.add(String.format(java.util.Locale.ROOT, "%.2f+%.2f", p.offset(), p.features().frames() / 100.0));
        }
        return out;
    }
}
