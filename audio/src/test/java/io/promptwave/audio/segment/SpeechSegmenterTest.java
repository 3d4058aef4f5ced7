package io.promptwave.audio.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.Fixtures;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.decode.PcmStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpeechSegmenterTest {
    private static final int RATE = 16000;

    /**
     * 10 s: room noise at about -66 dBFS; "speech" (noise modulated at 4 Hz, never silent) at
     * 1.0-2.5 s, 4.0-4.8 s and 6.0-9.0 s, the last with a 0.2 s pause at 7.0 s; a 0.1 s click at 5.5 s.
     */
    private static PcmAudio recording() {
        Random random = new Random(11);
        float[] x = new float[10 * RATE];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            double level = 0.0005;
            boolean speech = t >= 1.0 && t < 2.5 || t >= 4.0 && t < 4.8 || t >= 6.0 && t < 9.0 && !(t >= 7.0 && t < 7.2);
            if (speech) {
                level = 0.2 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t));
            } else if (t >= 5.5 && t < 5.6) {
                level = 0.3;
            }
            x[i] = (float) (level * random.nextGaussian());
        }
        return PcmAudio.wrap(x, RATE, "synthetic");
    }

    @Test
    void findsTheKnownSpeechDropsTheClickAndBridgesTheShortPause() {
        List<SpeechSegment> segments = new SpeechSegmenter(SegmenterConfig.defaults()).segment(recording());
        assertSegments(segments, new double[][] {{0.9, 2.6}, {3.9, 4.9}, {5.9, 9.1}});
    }

    @Test
    void longSegmentsAreSplitAndPaddingStopsHalfwayIntoAPause() {
        SegmenterConfig config = SegmenterConfig.builder().optMaxSegment(1.5).optPadding(1.0).build();
        List<SpeechSegment> segments = new SpeechSegmenter(config).segment(recording());
        // 6.0-9.0 s is cut first at its quietest frame in 6.75-7.5 s (the pause at 7.0-7.2 s), then
        // the remaining 2 s once more
        assertEquals(5, segments.size(), segments.toString());
        assertEquals(0.0, segments.get(0).start(), 0.03);
        assertEquals(3.25, segments.get(0).end(), 0.03, "half way between 2.5 and 4.0");
        assertEquals(3.25, segments.get(1).start(), 0.03);
        assertEquals(5.4, segments.get(1).end(), 0.03, "half way between 4.8 and 6.0");
        assertEquals(7.0, segments.get(2).end(), 0.05, "cut in the pause");
        assertEquals(segments.get(2).end(), segments.get(3).start(), 1e-9, "split pieces meet");
        assertEquals(10.0, segments.get(4).end(), 0.03);
        for (SpeechSegment s : segments) {
            assertTrue(s.duration() <= 1.5 + 2.0 + 1e-9, s.toString());
        }
    }

    @Test
    void fixedThresholdAndMinimumSpeechAreHonoured() {
        SegmenterConfig config = SegmenterConfig.builder().optThresholdDb(-30).optMinSpeech(0.05).optPadding(0).build();
        List<SpeechSegment> segments = new SpeechSegmenter(config).segment(recording());
        // the click now counts as speech
        assertEquals(4, segments.size(), segments.toString());
        assertEquals(5.5, segments.get(2).start(), 0.03);
        assertEquals(5.6, segments.get(2).end(), 0.03);
    }

    @Test
    void silenceHasNoSegments() {
        float[] quiet = new float[RATE * 3];
        Random random = new Random(2);
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = (float) (0.0005 * random.nextGaussian());
        }
        assertEquals(List.of(), new SpeechSegmenter(SegmenterConfig.defaults()).segment(PcmAudio.wrap(quiet, RATE, "q")));
        assertEquals(List.of(), new SpeechSegmenter(SegmenterConfig.defaults()).segment(PcmAudio.wrap(new float[0], RATE, "e")));
    }

    @Test
    void streamAndDecodedAudioGiveTheSameSegments() throws AudioFormatException, IOException {
        SpeechSegmenter segmenter = new SpeechSegmenter(SegmenterConfig.defaults());
        AudioDecoder decoder = new AudioDecoder();
        List<SpeechSegment> fromAudio = segmenter.segment(decoder.decode(Fixtures.audio("speech-en-us-16k.wav")));
        List<SpeechSegment> fromStream;
        try (PcmStream stream = decoder.open(Fixtures.audio("speech-en-us-16k.wav"))) {
            fromStream = segmenter.segment(stream);
        }
        assertEquals(fromAudio, fromStream);
        assertEquals(1, fromAudio.size(), "one sentence: " + fromAudio);
    }

    private static void assertSegments(List<SpeechSegment> actual, double[][] expected) {
        assertEquals(expected.length, actual.size(), actual.toString());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], actual.get(i).start(), 0.03, "start of " + i + ": " + actual);
            assertEquals(expected[i][1], actual.get(i).end(), 0.03, "end of " + i + ": " + actual);
        }
    }
}
