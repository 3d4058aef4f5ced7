package io.promptwave.vision.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.vision.Image;
import io.promptwave.vision.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tiff"})
    void losslessFormatsDecodeToTheExactPixels(String format) throws Exception {
        byte[] file = TestImages.encode(TestImages.threeBars(), format);
        assertEquals(formatOf(format), ImageHeader.read(file, "bars." + format).format());
        Image image = decoder.decode(file, "bars." + format);
        assertEquals(60, image.width());
        assertEquals(40, image.height());
        assertEquals(3, image.channels());
        assertArrayEquals(TestImages.toImage(TestImages.threeBars(), "drawn").pixels(), image.pixels());
        assertEquals("bars." + format, image.source());
    }

    @Test
    void jpegDecodesToTheColoursWithinItsLoss() throws Exception {
        Image image = decoder.decode(TestImages.encode(TestImages.threeBars(), "jpg"), "bars.jpg");
        assertEquals(60, image.width());
        assertEquals(40, image.height());
        assertColour(image, 8, 20, 255, 0, 0, 12);
        assertColour(image, 30, 20, 0, 255, 0, 12);
        assertColour(image, 52, 20, 0, 0, 255, 12);
    }

    @Test
    void webpDecodesLosslessly() throws Exception {
        Image drawn = TestImages.toImage(TestImages.threeBars(), "drawn");
        byte[] file = TestImages.encodeWithOpenCv(drawn, ".webp");
        ImageHeader header = ImageHeader.read(file, "bars.webp");
        assertEquals(ImageFormat.WEBP, header.format());
        assertEquals(60, header.width());
        assertEquals(40, header.height());
        Image image = decoder.decode(file, "bars.webp");
        assertColour(image, 8, 20, 255, 0, 0, 4);
        assertColour(image, 52, 20, 0, 0, 255, 4);
    }

    @Test
    void grayModeKeepsTheLuma() throws Exception {
        ImageDecoder gray = new ImageDecoder(ImageDecodeOptions.builder().colorMode(ColorMode.GRAY).build());
        Image image = gray.decode(TestImages.encode(TestImages.threeBars(), "png"), "bars.png");
        assertEquals(1, image.channels());
        // BT.601 luma of pure red, green and blue
        assertEquals(76, image.get(5, 5, 0));
        assertEquals(150, image.get(25, 5, 0));
        assertEquals(29, image.get(45, 5, 0));
        assertArrayEquals(TestImages.toImage(TestImages.threeBars(), "x").toGray().pixels(), image.pixels());
    }

    @Test
    void exifOrientationTurnsTheJpegUpright() throws Exception {
        // orientation 6: the stored picture must be turned 90 degrees clockwise to be upright, so
        // the red bar on the stored left becomes the top
        byte[] jpeg = OrientedFiles.jpeg(TestImages.encode(TestImages.threeBars(), "jpg"), 6);
        Image upright = decoder.decode(jpeg, "phone.jpg");
        assertEquals(40, upright.width());
        assertEquals(60, upright.height());
        assertColour(upright, 20, 5, 255, 0, 0, 12);
        assertColour(upright, 20, 55, 0, 0, 255, 12);

        ImageDecoder raw = new ImageDecoder(ImageDecodeOptions.builder().applyOrientation(false).build());
        Image stored = raw.decode(jpeg, "phone.jpg");
        assertEquals(60, stored.width());
        assertColour(stored, 5, 20, 255, 0, 0, 12);
    }

    /** 40 x 20, transparent but for an opaque black bar (x 0-9) and a half-transparent red one (x 20-29). */
    private static java.awt.image.BufferedImage transparentBars() {
        java.awt.image.BufferedImage drawn = new java.awt.image.BufferedImage(40, 20,
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 10; x++) {
                drawn.setRGB(x, y, 0xff000000);
                drawn.setRGB(x + 20, y, 0x80ff0000);
            }
        }
        return drawn;
    }

    @Test
    void aTransparentPngOrWebpIsLaidOnWhite() throws Exception {
        java.awt.image.BufferedImage drawn = transparentBars();
        byte[] png = TestImages.encode(drawn, "png");
        assertTrue(ImageHeader.read(png, "logo.png").transparent());
        // the same pixels as BGRA through OpenCV's lossless WebP encoder
        byte[] bgra = new byte[40 * 20 * 4];
        for (int y = 0, i = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++, i += 4) {
                int argb = drawn.getRGB(x, y);
                bgra[i] = (byte) argb;
                bgra[i + 1] = (byte) (argb >> 8);
                bgra[i + 2] = (byte) (argb >> 16);
                bgra[i + 3] = (byte) (argb >>> 24);
            }
        }
        byte[] webp;
        try (org.bytedeco.opencv.opencv_core.Mat mat = new org.bytedeco.opencv.opencv_core.Mat(20, 40,
                org.bytedeco.opencv.global.opencv_core.CV_8UC4);
                org.bytedeco.javacpp.BytePointer out = new org.bytedeco.javacpp.BytePointer();
                org.bytedeco.javacpp.IntPointer lossless = new org.bytedeco.javacpp.IntPointer(
                        org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY, 101)) {
            mat.data().put(bgra, 0, bgra.length);
            assertTrue(org.bytedeco.opencv.global.opencv_imgcodecs.imencode(".webp", mat, out, lossless));
            webp = new byte[(int) out.limit()];
            out.get(webp);
        }
        assertTrue(ImageHeader.read(webp, "logo.webp").transparent());
        for (Image image : List.of(decoder.decode(png, "logo.png"), decoder.decode(webp, "logo.webp"))) {
            assertEquals(3, image.channels());
            assertColour(image, 5, 10, 0, 0, 0, 0);
            assertColour(image, 35, 10, 255, 255, 255, 0);
            // red at alpha 128 of 255 over white
            assertColour(image, 25, 10, 255, 127, 127, 1);
        }
        assertEquals(255, new ImageDecoder(ImageDecodeOptions.builder().colorMode(ColorMode.GRAY).build())
                .decode(png, "logo.png").get(35, 10, 0), "the gray mode sees white too");
        assertFalse(ImageHeader.read(TestImages.encode(TestImages.threeBars(), "png"), "bars.png").transparent());
    }

    @Test
    void decodesFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scan.tiff");
        Files.write(file, TestImages.encode(TestImages.threeBars(), "tiff"));
        Image image = decoder.decode(file);
        assertEquals(file.toString(), image.source());
        assertEquals(255, image.get(0, 0, 0));
    }

    @Test
    void concurrentDecodesGiveTheSamePixels() throws Exception {
        byte[] png = TestImages.encode(TestImages.textLine("concurrent", 48), "png");
        byte[] expected = decoder.decode(png, "line.png").pixels();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> decoder.decode(png, "line.png").pixels()));
            }
            for (Future<byte[]> result : results) {
                assertArrayEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertColour(Image image, int x, int y, int r, int g, int b, int tolerance) {
        int[] actual = {image.get(x, y, 0), image.get(x, y, 1), image.get(x, y, 2)};
        int[] expected = {r, g, b};
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(actual[c] - expected[c]) <= tolerance, "pixel (" + x + ", " + y + ") is "
                    + java.util.Arrays.toString(actual) + ", expected " + java.util.Arrays.toString(expected));
        }
    }

    private static ImageFormat formatOf(String extension) {
        return switch (extension) {
            case "png" -> ImageFormat.PNG;
            case "bmp" -> ImageFormat.BMP;
            case "tiff" -> ImageFormat.TIFF;
            default -> throw new IllegalArgumentException(extension);
        };
    }
}
