package io.promptwave.corpus.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.PcmAudio;
import org.junit.jupiter.api.Test;

class ChannelSimulatorTest {
    private final ChannelSimulator simulator = new ChannelSimulator();

    /** 0.5 s silence, 2 s of tones at 150, 1000 and 6000 Hz, 0.5 s silence, at 22.05 kHz. */
    private static PcmAudio tones() {
        int rate = 22050;
        float[] x = new float[rate * 3];
        for (int i = rate / 2; i < rate * 5 / 2; i++) {
            double t = i / (double) rate;
            x[i] = (float) (0.2 * Math.sin(2 * Math.PI * 150 * t) + 0.2 * Math.sin(2 * Math.PI * 1000 * t)
                    + 0.2 * Math.sin(2 * Math.PI * 6000 * t));
        }
        return PcmAudio.wrap(x, rate, "tones");
    }

    @Test
    void cleanChannelTrimsSilenceAndResamplesTo16k() {
        PcmAudio out = simulator.apply(tones(), Channel.clean(), 1);
        assertEquals(16000, out.sampleRate());
        assertEquals(2.3, out.durationSeconds(), 0.01, "2 s of tones plus 150 ms either side");
    }

    @Test
    void telephoneChannelKeepsTheVoiceBandOnly() {
        PcmAudio out = simulator.apply(tones(), Channel.telephone(60, 60), 1);
        assertEquals(8000, out.sampleRate());
        double in1000 = toneLevel(out, 1000);
        double in150 = toneLevel(out, 150);
        assertTrue(in1000 > 0.05, "1 kHz passes: " + in1000);
        assertTrue(in150 < in1000 / 5, "150 Hz is cut by the 300 Hz high-pass: " + in150);
    }

    @Test
    void noiseFollowsTheSeededSnrAndTheSeedFixesTheSamples() {
        PcmAudio clean = simulator.apply(tones(), Channel.telephone(200, 200), 3);
        PcmAudio noisy = simulator.apply(tones(), Channel.telephone(10, 10), 3);
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < clean.length(); i++) {
            signal += clean.sample(i) * (double) clean.sample(i);
            double d = noisy.sample(i) - clean.sample(i);
            noise += d * d;
        }
        double snr = 10 * Math.log10(signal / noise);
        // filtering removes part of the pink noise (much of it lies below 300 Hz), so the SNR after
        // the band-pass is at least the SNR it was added at
        assertTrue(snr >= 10 && snr < 25, "SNR " + snr);
        assertArrayEquals(noisy.samples(), simulator.apply(tones(), Channel.telephone(10, 10), 3).samples());
    }

    /** Amplitude of one frequency by correlation with a sine and cosine. */
    private static double toneLevel(PcmAudio a, double hz) {
        double s = 0;
        double c = 0;
        for (int i = 0; i < a.length(); i++) {
            double w = 2 * Math.PI * hz * i / a.sampleRate();
            s += a.sample(i) * Math.sin(w);
            c += a.sample(i) * Math.cos(w);
        }
        return 2 * Math.hypot(s, c) / a.length();
    }
}
