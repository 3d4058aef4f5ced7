package io.promptwave.audio.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of broken input fails with a checked exception that names the file and the fault. */
class BadInputTest {
    @TempDir
    static Path dir;

    /** file -> a phrase the error message must contain */
    private static final Map<Path, String> BROKEN = new LinkedHashMap<>();

    @BeforeAll
    static void makeBrokenFiles() throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.audio("speech-en-us-16k.wav"));
        BROKEN.put(dir.resolve("missing.wav"), "no such file");
        Path folder = Files.createDirectory(dir.resolve("folder.wav"));
        BROKEN.put(folder, "is a directory");
        BROKEN.put(Files.write(dir.resolve("empty.wav"), new byte[0]), "empty file (0 bytes)");
        byte[] noise = new byte[5000];
        new Random(7).nextBytes(noise);
        BROKEN.put(Files.write(dir.resolve("random.wav"), noise), "not a WAV file (no RIFF/WAVE header");
        BROKEN.put(Files.write(dir.resolve("riff-only.wav"), java.util.Arrays.copyOf(good, 8)),
                "truncated WAV header: file ends inside the RIFF header");
        BROKEN.put(Fixtures.audio("truncated-in-header.wav"), "truncated WAV header: file ends inside the fmt chunk");
        byte[] zeroRate = good.clone();
        ByteBuffer.wrap(zeroRate).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 0);
        BROKEN.put(Files.write(dir.resolve("rate-zero.wav"), zeroRate), "header declares a sample rate of 0 Hz");
        BROKEN.put(Fixtures.audio("truncated-data.wav"),
                "truncated: header declares 78264 bytes of audio data but only 3956 follow");
        byte[] zeroChannels = good.clone();
        ByteBuffer.wrap(zeroChannels).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0);
        BROKEN.put(Files.write(dir.resolve("no-channels.wav"), zeroChannels), "header declares 0 channels");
        BROKEN.put(Fixtures.audio("text-named.mp3"), "not audio FFmpeg can decode");
        BROKEN.put(Files.write(dir.resolve("random.mp3"), noise), "");
        BROKEN.put(floatWav("nan.wav", Float.NaN), "sample 100 (at 0.006 s) is NaN");
        BROKEN.put(floatWav("inf.wav", Float.POSITIVE_INFINITY), "sample 100 (at 0.006 s) is infinite");
        byte[] headerOnly = java.util.Arrays.copyOf(good, 44);
        ByteBuffer.wrap(headerOnly).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0);
        BROKEN.put(Files.write(dir.resolve("header-only.wav"), headerOnly), "contains no audio samples");
    }

    @Test
    void eachBrokenInputNamesItselfAndTheReason() {
        for (Map.Entry<Path, String> entry : BROKEN.entrySet()) {
            Path file = entry.getKey();
            Exception e = decodeFailure(file);
            String message = e.getMessage();
            assertTrue(message.startsWith(file.toString()), "message does not name the input: " + message);
            assertTrue(message.contains(entry.getValue()), file + ": expected '" + entry.getValue() + "' in: " + message);
        }
    }

    @Test
    void headerOnlyWavHoldsNoSamples() {
        Exception e = decodeFailure(dir.resolve("header-only.wav"));
        assertEquals(dir.resolve("header-only.wav") + ": contains no audio samples", e.getMessage());
    }

    @Test
    void randomBytesNamedMp3AreRefusedOrDecodeToNothing() {
        // FFmpeg may find MPEG sync words in noise; what matters is a clear, named failure.
        Exception e = decodeFailure(dir.resolve("random.mp3"));
        assertTrue(e instanceof AudioFormatException, e.toString());
    }

    @Test
    void thousandFailuresNeitherHangNorLeakNativeMemory() {
        // broken inputs alternate with good FFmpeg ones, so that a context left open would show
        List<Path> inputs = new ArrayList<>();
        String[] good = {"speech-44k-stereo.mp3", "speech-48k-stereo.ogg", "speech-44k-stereo.m4a"};
        for (Path broken : BROKEN.keySet()) {
            inputs.add(broken);
            inputs.add(Fixtures.audio(good[inputs.size() / 2 % good.length]));
        }
        for (int i = 0; i < 100; i++) {
            decodeQuietly(inputs.get(i % inputs.size()));
        }
        // Resident memory swings by tens of MB as malloc arenas grow and shrink, so look at its
        // trend: the least-squares slope of samples taken every 50 decodes.
        int samples = 20;
        double[] x = new double[samples];
        double[] y = new double[samples];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < 50; i++) {
                decodeQuietly(inputs.get((s * 50 + i) % inputs.size()));
            }
            System.gc();
            x[s] = (s + 1) * 50;
            y[s] = Pointer.physicalBytes();
        }
        double mx = java.util.Arrays.stream(x).average().orElseThrow();
        double my = java.util.Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (int s = 0; s < samples; s++) {
            sxy += (x[s] - mx) * (y[s] - my);
            sxx += (x[s] - mx) * (x[s] - mx);
        }
        double bytesPer1000 = sxy / sxx * 1000;
        assertTrue(bytesPer1000 < 24 << 20, "resident memory trends up by " + (long) bytesPer1000 / (1 << 20)
                + " MB per 1000 decodes");
    }

    private static void decodeQuietly(Path file) {
        try {
            new AudioDecoder().decode(file, 16000);
        } catch (AudioFormatException | IOException expected) {
            assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
        }
    }

    private static Exception decodeFailure(Path file) {
        return assertThrows(Exception.class, () -> new AudioDecoder().decode(file, 16000), file.toString());
    }

    /** A mono 32-bit float WAV of 1000 samples with {@code bad} at sample 100. */
    private static Path floatWav(String name, float bad) throws IOException {
        int samples = 1000;
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 4).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 3).putShort((short) 1).putInt(16000)
                .putInt(64000).putShort((short) 4).putShort((short) 32);
        b.put("data".getBytes()).putInt(samples * 4);
        for (int i = 0; i < samples; i++) {
            b.putFloat(i == 100 ? bad : (float) Math.sin(i * 0.1) * 0.5f);
        }
        return Files.write(dir.resolve(name), b.array());
    }
}
