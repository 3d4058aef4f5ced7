package io.promptwave.audio.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.Fixtures;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {
    @TempDir
    Path dir;

    @Test
    void pcm16RoundTripsExactly() throws IOException, AudioFormatException {
        PcmAudio original = new AudioDecoder().decode(Fixtures.audio("speech-en-us-16k.wav"));
        Path file = dir.resolve("copy.wav");
        WavWriter.write(original, WavWriter.Encoding.PCM_16, file);
        PcmAudio back = new AudioDecoder().decode(file);
        assertEquals(16000, back.sampleRate());
        assertArrayEquals(original.samples(), back.samples(), 1.0f / 32767);
    }

    @Test
    void headerlessSamplesAreTheFilesDataChunk() throws IOException {
        PcmAudio audio = PcmAudio.of(new float[] {0f, 0.5f, -1f, 1.5f, -0.25f}, 8000, "five samples");
        for (WavWriter.Encoding encoding : WavWriter.Encoding.values()) {
            Path file = dir.resolve(encoding + ".wav");
            WavWriter.write(audio, encoding, file);
            byte[] whole = Files.readAllBytes(file);
            assertArrayEquals(java.util.Arrays.copyOfRange(whole, 44, whole.length), WavWriter.samples(audio, encoding),
                    encoding.toString());
        }
        // 0.5 -> 16384 (0x4000), -1 -> -32767, 1.5 clipped to 32767
        assertArrayEquals(new byte[] {0, 0, 0, 0x40, 1, (byte) 0x80, (byte) 0xff, 0x7f, 0, (byte) 0xe0},
                WavWriter.samples(audio, WavWriter.Encoding.PCM_16));
    }

    @Test
    void muLawMatchesSoxEncodingOfTheSameSamples() throws IOException, AudioFormatException {
        // sox wrote speech-8k-mulaw.wav; decoding and re-encoding it must give its bytes back
        Path sox = Fixtures.audio("speech-8k-mulaw.wav");
        PcmAudio decoded = new AudioDecoder().decode(sox);
        Path ours = dir.resolve("mulaw.wav");
        WavWriter.write(decoded, WavWriter.Encoding.MU_LAW, ours);
        byte[] soxBytes = Files.readAllBytes(sox);
        byte[] ourBytes = Files.readAllBytes(ours);
        int soxData = indexOf(soxBytes, "data") + 8;
        byte[] a = java.util.Arrays.copyOfRange(soxBytes, soxData, soxBytes.length);
        byte[] b = java.util.Arrays.copyOfRange(ourBytes, 44, ourBytes.length);
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            differing += a[i] != b[i] ? 1 : 0;
        }
        assertEquals(a.length, b.length);
        // mu-law code 0x7F and 0xFF both mean zero; every other code must come back unchanged
        assertTrue(differing <= a.length / 100, differing + " of " + a.length + " codes differ");
    }

    @Test
    void sameSamplesGiveTheSameBytes() throws IOException {
        PcmAudio audio = PcmAudio.of(new float[] {0f, 0.5f, -0.5f, 1.5f, -2f}, 8000, "x");
        WavWriter.write(audio, WavWriter.Encoding.MU_LAW, dir.resolve("a.wav"));
        WavWriter.write(audio, WavWriter.Encoding.MU_LAW, dir.resolve("b.wav"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.wav")), Files.readAllBytes(dir.resolve("b.wav")));
        assertEquals(44 + 5, Files.size(dir.resolve("a.wav")));
    }

    private static int indexOf(byte[] bytes, String tag) {
        outer:
        for (int i = 0; i + 4 <= bytes.length; i++) {
            for (int k = 0; k < 4; k++) {
                if (bytes[i + k] != tag.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
