package io.promptwave.audio.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.Fixtures;
import io.promptwave.audio.PcmAudio;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AudioDecoderTest {
    /** The sentence every format fixture holds, 2.44575 s at 16 kHz. */
    private static PcmAudio reference;

    @BeforeAll
    static void loadReference() throws AudioFormatException, IOException {
        reference = new AudioDecoder().decode(Fixtures.audio("speech-en-us-16k.wav"));
    }

    @Test
    void sixteenBitWavDecodesToItsIntegerValuesOver32768() throws AudioFormatException, IOException {
        assertEquals(16000, reference.sampleRate());
        assertEquals(39132, reference.length());
        for (int i = 0; i < reference.length(); i++) {
            float scaled = reference.sample(i) * 32768;
            assertEquals(Math.rint(scaled), scaled, 0.0, "sample " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "speech-16k-s24.wav, 1e-4",
        "speech-16k-s32.wav, 1e-4",
        "speech-16k-f32.wav, 1e-4",
        "speech-16k-u8.wav, 0.02",
    })
    void everyWavSampleFormatMatchesTheSixteenBitOriginal(String name, double tolerance)
            throws AudioFormatException, IOException {
        PcmAudio audio = new AudioDecoder().decode(Fixtures.audio(name));
        assertEquals(16000, audio.sampleRate());
        assertEquals(reference.length(), audio.length());
        double worst = 0;
        for (int i = 0; i < audio.length(); i++) {
            worst = Math.max(worst, Math.abs(audio.sample(i) - reference.sample(i)));
        }
        assertTrue(worst <= tolerance, name + " differs by up to " + worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"speech-8k-mulaw.wav", "speech-8k-alaw.wav", "speech-16k-u8.wav", "speech-16k-s24.wav",
        "speech-16k-s32.wav", "speech-16k-f32.wav", "speech-22k-6ch.wav", "speech-16k-4ch-extensible.wav"})
    void pureJavaWavDecodingAgreesWithFfmpeg(String name) throws AudioFormatException, IOException {
        Path file = Fixtures.audio(name);
        float[] ours = readAll(WavStream.open(java.nio.file.Files.newInputStream(file), name, -1));
        float[] ffmpeg = readAll(FfmpegStream.open(file, name));
        assertEquals(ffmpeg.length, ours.length, "sample count");
        for (int i = 0; i < ours.length; i++) {
            assertEquals(ffmpeg[i], ours[i], 2e-6, name + " sample " + i);
        }
    }

    @Test
    void multiChannelWavIsAveragedToMono() throws AudioFormatException, IOException {
        // channel gains 0.2, 0.4, 0.6, 0.8, 1.0 and 0: the mean is half of the first channel
        PcmAudio six = new AudioDecoder().decode(Fixtures.audio("speech-22k-6ch.wav"));
        assertEquals(22050, six.sampleRate());
        assertEquals(22050, six.length());
        PcmAudio first = PcmAudio.wrap(reference.slice(0, 1).samples(), 16000, "ref");
        double refEnergy = energy(io.promptwave.audio.resample.Resampler.resample(first, 22050));
        double sixEnergy = energy(six);
        assertEquals(0.25, sixEnergy / refEnergy, 0.01, "energy ratio of the mean of the channels");
    }

    @ParameterizedTest
    @CsvSource({
        "speech-44k-stereo.mp3, 44100, 0.97",
        "speech-48k-stereo.ogg, 48000, 0.97",
        "speech-48k-stereo.opus, 48000, 0.85",
        "speech-44k-stereo.flac, 44100, 0.999",
        "speech-44k-stereo.m4a, 44100, 0.97",
        "speech-48k-stereo.webm, 48000, 0.85",
        "speech-16k-adpcm.wav, 16000, 0.97",
        "speech-8k-mulaw.wav, 8000, 0.97",
        "speech-8k-alaw.wav, 8000, 0.97",
    })
    void compressedFormatsDecodeToTheSameSpeech(String name, int nativeRate, double minCorrelation)
            throws AudioFormatException, IOException {
        AudioDecoder decoder = new AudioDecoder();
        PcmAudio original = decoder.decode(Fixtures.audio(name));
        assertEquals(nativeRate, original.sampleRate());
        PcmAudio at16k = decoder.decode(Fixtures.audio(name), 16000);
        assertEquals(16000, at16k.sampleRate());
        // ADPCM pads its last block, so allow a tenth of a second either way
        assertEquals(reference.durationSeconds(), at16k.durationSeconds(), 0.11, "duration");
        double correlation = bestCorrelation(reference, at16k, 2000);
        assertTrue(correlation >= minCorrelation, name + " correlates only " + correlation + " with the original");
    }

    @Test
    void durationLimitRefusesLongInputFromTheHeader() throws IOException {
        AudioDecoder decoder = new AudioDecoder(DecodeOptions.builder().optMaxDurationSeconds(1).build());
        AudioFormatException wav = assertFails(decoder, Fixtures.audio("speech-en-us-16k.wav"));
        assertTrue(wav.reason().contains("longer than the maximum of 1.0 s (2.4 s)"), wav.getMessage());
        AudioFormatException mp3 = assertFails(decoder, Fixtures.audio("speech-44k-stereo.mp3"));
        assertTrue(mp3.reason().contains("longer than the maximum of 1.0 s"), mp3.getMessage());
    }

    static AudioFormatException assertFails(AudioDecoder decoder, Path file) throws IOException {
        try {
            decoder.decode(file);
        } catch (AudioFormatException e) {
            assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
            return e;
        }
        throw new AssertionError(file + " decoded without error");
    }

    static float[] readAll(PcmStream stream) throws AudioFormatException, IOException {
        try (stream) {
            float[] all = new float[1 << 16];
            int total = 0;
            int n;
            while ((n = stream.read(all, total, Math.min(4096, all.length - total))) >= 0) {
                total += n;
                if (total == all.length) {
                    all = java.util.Arrays.copyOf(all, all.length * 2);
                }
            }
            return java.util.Arrays.copyOf(all, total);
        }
    }

    private static double energy(PcmAudio audio) {
        double sum = 0;
        for (int i = 0; i < audio.length(); i++) {
            sum += audio.sample(i) * (double) audio.sample(i);
        }
        return sum / audio.length();
    }

    /** Normalised cross-correlation at the best lag: codecs add a few ms of delay. */
    private static double bestCorrelation(PcmAudio a, PcmAudio b, int maxLag) {
        double best = -1;
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int i = 0; i < a.length(); i++) {
                int j = i + lag;
                if (j < 0 || j >= b.length()) {
                    continue;
                }
                double x = a.sample(i);
                double y = b.sample(j);
                ab += x * y;
                aa += x * x;
                bb += y * y;
            }
            if (aa > 0 && bb > 0) {
                best = Math.max(best, ab / Math.sqrt(aa * bb));
            }
        }
        return best;
    }
}
