package io.promptwave.vision.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.vision.Image;
import io.promptwave.vision.ImageFormatException;
import io.promptwave.vision.TestImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BadImageTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void emptyInputIsNamed() {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> decoder.decode(new byte[0], "empty.png"));
        assertEquals("empty.png: empty file (0 bytes)", e.getMessage());
    }

    @Test
    void otherKindsOfFileAreRefusedByTheirBytes() {
        byte[] text = "hello, this is text".getBytes(StandardCharsets.US_ASCII);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> decoder.decode(text, "notes.png"));
        assertEquals("notes.png: not an image Promptwave reads (starts with 0x68656c6c6f2c2074 \"hello, t\"); "
                + "it reads PNG, JPEG, WebP, BMP and TIFF", e.getMessage());
        byte[] wav = "RIFF\u0024\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(assertThrows(ImageFormatException.class, () -> decoder.decode(wav, "alarm.wav")).getMessage()
                .startsWith("alarm.wav: not an image Promptwave reads"));
    }

    @ParameterizedTest
    @CsvSource({
        "png, 0.5, 'truncated PNG: the file ends inside chunk IDAT'",
        "png, -6, 'truncated PNG: the file ends inside the header of a chunk (at byte'",
        "jpg, 0.6, 'truncated JPEG: the file ends inside the image data (no end-of-image marker)'",
        "jpg, 0.02, 'truncated JPEG: the file ends inside segment 0xffdb (at byte 22, file has'",
        "bmp, 0.5, 'truncated BMP: the file ends after '",
        "tiff, 0.5, 'truncated TIFF: the file ends inside the pixel data'"
    })
    void truncatedFilesAreCaughtBeforeDecoding(String format, double keep, String reason) {
        byte[] whole = TestImages.encode(TestImages.textLine("truncated", 40), format);
        // keep: a fraction of the file, or (negative) the bytes to cut off its end
        byte[] cut = Arrays.copyOf(whole, keep < 0 ? whole.length + (int) keep : (int) (whole.length * keep));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> decoder.decode(cut, "cut." + format));
        assertEquals("cut." + format, e.source());
        assertTrue(e.reason().startsWith(reason), e.getMessage());
    }

    @Test
    void truncatedWebpIsCaught() {
        Image line = TestImages.toImage(TestImages.textLine("webp", 40), "line");
        byte[] whole = TestImages.encodeWithOpenCv(line, ".webp");
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> decoder.decode(cut, "cut.webp"));
        assertEquals("cut.webp: truncated WEBP: the file ends after " + cut.length + " of the " + whole.length
                + " bytes its RIFF header declares", e.getMessage());
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() {
        byte[] bomb = pngHeaderOnly(100_000, 100_000);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> decoder.decode(bomb, "bomb.png"));
        assertEquals("bomb.png: PNG of 100000 x 100000 pixels (10000.00 million) is larger than the limit of 40.00 "
                + "million", e.getMessage());
        ImageFormatException zero = assertThrows(ImageFormatException.class,
                () -> decoder.decode(pngHeaderOnly(0, 10), "zero.png"));
        assertEquals("zero.png: PNG header declares a size of 0 x 10 pixels", zero.getMessage());
    }

    @Test
    void aFileAboveTheByteLimitIsNotRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.png");
        Files.write(file, TestImages.encode(TestImages.threeBars(), "png"));
        ImageDecoder small = new ImageDecoder(ImageDecodeOptions.builder().maxBytes(50).build());
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> small.decode(file));
        assertEquals(file + ": file of " + Files.size(file) + " bytes is larger than the limit of 50", e.getMessage());
    }

    @Test
    void missingFilesAndDirectoriesAreIoErrors(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> decoder.decode(dir.resolve("nope.png")));
        IOException e = assertThrows(IOException.class, () -> decoder.decode(dir));
        assertEquals(dir + ": is a directory, not an image file", e.getMessage());
    }

    @Test
    void corruptDataBehindAValidStructureIsAnErrorNotACrash() {
        byte[] png = TestImages.encode(TestImages.textLine("corrupt", 40), "png");
        byte[] scrambled = png.clone();
        // overwrite the compressed pixels inside IDAT, keeping every chunk length intact
        for (int i = 60; i < scrambled.length - 20; i++) {
            scrambled[i] = (byte) (i * 31);
        }
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> decoder.decode(scrambled, "bad.png"));
        assertTrue(e.getMessage().startsWith("bad.png: "), e.getMessage());
    }

    @Test
    void decodingManyImagesAndFailuresReleasesNativeMemory() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.threeBarsScaled(800, 600), "jpg");
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        for (int i = 0; i < 40; i++) {
            decoder.decode(jpeg, "warm-up.jpg");
        }
        System.gc();
        long before = Pointer.physicalBytes();
        for (int i = 0; i < 400; i++) {
            assertEquals(800, decoder.decode(jpeg, "loop.jpg").width());
            assertThrows(ImageFormatException.class, () -> decoder.decode(truncated, "loop-cut.jpg"));
        }
        System.gc();
        long grown = Pointer.physicalBytes() - before;
        // one leaked decode is 1.4 MB, so a leak would show as over 500 MB
        assertTrue(grown < 150L << 20, "resident memory grew by " + (grown >> 20) + " MB over 400 decodes");
    }

    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put(new byte[] {8, 2, 0, 0, 0}).putInt(0);
        b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        return b.array();
    }
}
