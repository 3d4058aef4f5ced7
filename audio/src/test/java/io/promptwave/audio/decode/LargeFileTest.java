package io.promptwave.audio.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.AudioFormatException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2 GB WAV (sparse on disk: 18.6 hours of silence at 16 kHz). The module's tests run with a
 * 256 MB heap (see audio/pom.xml), so reading it whole would fail: it must stream.
 */
class LargeFileTest {
    private static final long SIZE = 2L << 30;

    @TempDir
    static Path dir;
    private static Path file;

    @BeforeAll
    static void makeSparseWav() throws IOException {
        file = dir.resolve("two-gigabytes.wav");
        long data = SIZE - 44;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt((int) (SIZE - 8)).put("WAVE".getBytes());
        header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000)
                .putInt(32000).putShort((short) 2).putShort((short) 16);
        header.put("data".getBytes()).putInt((int) data);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header.array());
            raf.setLength(SIZE);
        }
    }

    @Test
    void defaultLimitRefusesItFromTheHeaderAtOnce() {
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> new AudioDecoder().decode(file));
        assertEquals(file + ": audio is longer than the maximum of 3600.0 s (67108.9 s); raise the limit or segment"
                + " it first", e.getMessage());
    }

    @Test
    void streamsThroughAllTwoGigabytesInBoundedMemory() throws AudioFormatException, IOException {
        AudioDecoder unlimited = new AudioDecoder(DecodeOptions.builder().optMaxDurationSeconds(1e9).build());
        long samples = 0;
        float peak = 0;
        float[] chunk = new float[1 << 16];
        try (PcmStream stream = unlimited.open(file)) {
            assertEquals((SIZE - 44) / 2, stream.declaredLength());
            int n;
            while ((n = stream.read(chunk, 0, chunk.length)) >= 0) {
                for (int i = 0; i < n; i++) {
                    peak = Math.max(peak, Math.abs(chunk[i]));
                }
                samples += n;
            }
        }
        assertEquals((SIZE - 44) / 2, samples);
        assertEquals(0f, peak);
        assertTrue(Runtime.getRuntime().maxMemory() < SIZE / 4, "the test must run with a small heap");
    }
}
