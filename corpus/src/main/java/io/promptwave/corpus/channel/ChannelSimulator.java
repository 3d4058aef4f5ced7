package io.promptwave.corpus.channel;

import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.resample.Resampler;
import java.util.SplittableRandom;

/**
 * Passes synthetic speech through a {@link Channel}: trims the engine's leading and trailing
 * silence to 150 ms, resamples, adds pink noise at the utterance's seeded SNR, band-limits with
 * two cascaded second-order Butterworth sections per edge (a fourth-order Linkwitz-Riley slope,
 * -6 dB at 300 and 3400 Hz) and keeps the peak below full scale. Deterministic: the same
 * audio and seed give the same samples. Thread-safe.
 */
public final class ChannelSimulator {
    private static final double SILENCE_DBFS = -50;
    private static final double KEEP_SILENCE_SECONDS = 0.15;

    /**
     * @param speech the engine's output
     * @param channel the channel
     * @param seed the utterance's seed (noise and SNR)
     * @return the audio as stored, at the channel's rate
     */
    public PcmAudio apply(PcmAudio speech, Channel channel, long seed) {
        PcmAudio trimmed = trim(speech);
        float[] x = Resampler.resample(trimmed, channel.sampleRate()).samples();
        SplittableRandom random = new SplittableRandom(seed);
        if (channel.noisy()) {
            double snr = channel.minSnrDb() + random.nextDouble() * (channel.maxSnrDb() - channel.minSnrDb());
            addPinkNoise(x, snr, random);
        }
        if (channel.lowHz() > 0) {
            for (int pass = 0; pass < 2; pass++) {
                Biquad.highPass(channel.lowHz(), channel.sampleRate()).filter(x);
                Biquad.lowPass(channel.highHz(), channel.sampleRate()).filter(x);
            }
        }
        double peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak > 0.95) {
            float gain = (float) (0.95 / peak);
            for (int i = 0; i < x.length; i++) {
                x[i] *= gain;
            }
        }
        return PcmAudio.wrap(x, channel.sampleRate(), speech.source());
    }

    /** Keeps at most 150 ms before the first and after the last sample louder than -50 dBFS. */
    static PcmAudio trim(PcmAudio audio) {
        double threshold = Math.pow(10, SILENCE_DBFS / 20);
        int first = -1;
        int last = -1;
        for (int i = 0; i < audio.length(); i++) {
            if (Math.abs(audio.sample(i)) > threshold) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            return audio;
        }
        double keep = KEEP_SILENCE_SECONDS;
        double start = Math.max(0, first / (double) audio.sampleRate() - keep);
        double end = Math.min(audio.durationSeconds(), (last + 1) / (double) audio.sampleRate() + keep);
        return audio.slice(start, end);
    }

    /** Adds pink (1/f) noise scaled so that speech power over noise power is {@code snrDb}. */
    private static void addPinkNoise(float[] x, double snrDb, SplittableRandom random) {
        double[] noise = new double[x.length];
        // Paul Kellet's economy pink filter over white Gaussian noise
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        for (int i = 0; i < noise.length; i++) {
            double white = gaussian(random);
            b0 = 0.99765 * b0 + white * 0.0990460;
            b1 = 0.96300 * b1 + white * 0.2965164;
            b2 = 0.57000 * b2 + white * 1.0526913;
            noise[i] = b0 + b1 + b2 + white * 0.1848;
        }
        double speechPower = 0;
        double noisePower = 0;
        for (int i = 0; i < x.length; i++) {
            speechPower += x[i] * (double) x[i];
            noisePower += noise[i] * noise[i];
        }
        if (speechPower == 0 || noisePower == 0) {
            return;
        }
        double gain = Math.sqrt(speechPower / noisePower / Math.pow(10, snrDb / 10));
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (gain * noise[i]);
        }
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller on the seeded generator, so the noise does not depend on the JVM's Random
        double u = Math.max(random.nextDouble(), 1e-300);
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
