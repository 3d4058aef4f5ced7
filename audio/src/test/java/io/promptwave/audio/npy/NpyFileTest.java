package io.promptwave.audio.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFileTest {
    @TempDir
    Path dir;

    @Test
    void writtenArraysReadBackAndHaveNumpysLayout() throws IOException {
        FeatureSequence features = FeatureSequence.of(new float[] {1.5f, -2f, 3.25f, 0f, Float.MIN_VALUE, 1e30f}, 3, 2,
                100, "x");
        Path file = dir.resolve("x.npy");
        NpyFile.write(features, file);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(128 + 6 * 4, bytes.length, "64-byte aligned header then the data");
        String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }"), header);
        assertTrue(header.endsWith("\n"));
        FeatureSequence back = NpyFile.read(file, 100);
        assertEquals(3, back.frames());
        assertEquals(2, back.dims());
        assertArrayEquals(features.toRowMajor(), back.toRowMajor());
        assertTrue(Files.list(dir).noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
    }

    @Test
    void readsArraysNumpyWrote() throws IOException {
        FeatureSequence golden = NpyFile.read(Fixtures.golden("speech-en-us-16k.fbank80.npy"), 100);
        assertEquals(243, golden.frames());
        assertEquals(80, golden.dims());
    }

    @Test
    void refusesWhatItCannotRead() throws IOException {
        Path text = Files.writeString(dir.resolve("t.npy"), "hello there, not numpy");
        assertEquals(text + ": not a .npy file (bad magic)",
                assertThrows(IOException.class, () -> NpyFile.read(text, 100)).getMessage());
        byte[] good = Files.readAllBytes(Fixtures.golden("speech-en-us-16k.fbank80.npy"));
        Path cut = Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(good, 1000));
        assertTrue(assertThrows(IOException.class, () -> NpyFile.read(cut, 100)).getMessage()
                .startsWith(cut + ": truncated .npy file"));
        byte[] f8 = good.clone();
        int descr = new String(f8, StandardCharsets.ISO_8859_1).indexOf("<f4");
        f8[descr + 2] = '8';
        Path doubles = Files.write(dir.resolve("f8.npy"), f8);
        assertEquals(doubles + ": holds '<f8', only little-endian float32 ('<f4') is supported",
                assertThrows(IOException.class, () -> NpyFile.read(doubles, 100)).getMessage());
    }
}
