package io.promptwave.audio.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.PcmAudio;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    @ParameterizedTest(name = "{0} Hz -> {1} Hz, tone at {2} Hz")
    @CsvSource({
        "44100, 16000, 9000",
        "44100, 16000, 12000",
        "44100, 16000, 20000",
        "48000, 16000, 8800",
        "48000, 16000, 15000",
        "16000, 8000, 4400",
        "16000, 8000, 6000",
    })
    void toneAboveTheNewNyquistIsAttenuatedBy40Db(int from, int to, double hz) {
        double gainDb = gainDb(from, to, hz);
        assertTrue(gainDb <= -40, hz + " Hz passes at " + gainDb + " dB");
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz, tone at {2} Hz")
    @CsvSource({
        "44100, 16000, 440",
        "44100, 16000, 3000",
        "44100, 16000, 6500",
        "48000, 16000, 1000",
        "48000, 16000, 6500",
        "8000, 16000, 3000",
        "22050, 16000, 5000",
        "16000, 8000, 3000",
    })
    void toneBelowTheNewNyquistIsKeptWithin1Db(int from, int to, double hz) {
        double gainDb = gainDb(from, to, hz);
        assertEquals(0, gainDb, 1.0, hz + " Hz changes by " + gainDb + " dB");
    }

    @Test
    void chunkedResamplingEqualsWholeResampling() {
        float[] input = new float[44100 * 2];
        Random random = new Random(3);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (0.3 * Math.sin(i * 0.05) + 0.1 * random.nextGaussian());
        }
        float[] whole = new Resampler(44100, 16000).process(input, 0, input.length, true);
        Resampler chunked = new Resampler(44100, 16000);
        float[] out = new float[whole.length + 100];
        int produced = 0;
        int position = 0;
        while (position < input.length) {
            int length = Math.min(input.length - position, 1 + random.nextInt(3000));
            boolean last = position + length == input.length;
            float[] piece = chunked.process(input, position, length, last);
            System.arraycopy(piece, 0, out, produced, piece.length);
            produced += piece.length;
            position += length;
        }
        assertEquals(whole.length, produced);
        // libresample keeps its filter phase in floating point, so chunk edges move the last bits only
        assertArrayEquals(whole, java.util.Arrays.copyOf(out, produced), 1e-5f);
    }

    @Test
    void outputLengthFollowsTheRateRatio() {
        PcmAudio second = PcmAudio.wrap(new float[44100], 44100, "silence");
        PcmAudio out = Resampler.resample(second, 16000);
        assertEquals(16000, out.sampleRate());
        assertEquals(16000, out.length(), 2);
    }

    @Test
    void sameRateReturnsTheInput() {
        PcmAudio audio = PcmAudio.wrap(new float[] {0.1f, 0.2f}, 16000, "x");
        assertTrue(Resampler.resample(audio, 16000) == audio);
    }

    @Test
    void processingAfterTheLastChunkIsRefused() {
        Resampler resampler = new Resampler(8000, 16000);
        resampler.process(new float[10], 0, 10, true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> resampler.process(new float[10], 0, 10, false));
        assertEquals("the last chunk was already processed", e.getMessage());
    }

    /** Gain of a pure tone through the resampler, from the RMS of the middle of the output. */
    private static double gainDb(int from, int to, double hz) {
        int n = from; // one second
        float[] tone = new float[n];
        for (int i = 0; i < n; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / from));
        }
        float[] out = Resampler.resample(PcmAudio.wrap(tone, from, "tone"), to).samples();
        double sum = 0;
        int start = out.length / 4;
        int end = out.length * 3 / 4;
        for (int i = start; i < end; i++) {
            sum += out[i] * (double) out[i];
        }
        double rms = Math.sqrt(sum / (end - start));
        return 20 * Math.log10(Math.max(rms, 1e-12) / (0.5 / Math.sqrt(2)));
    }
}
