package io.promptwave.vision.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptwave.vision.Image;
import io.promptwave.vision.TestImages;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrientationTest {
    private final ImageDecoder upright = new ImageDecoder();
    private final ImageDecoder asStored = new ImageDecoder(ImageDecodeOptions.builder().applyOrientation(false).build());

    @ParameterizedTest(name = "{0}, orientation {1}")
    @CsvSource({"png,1", "png,2", "png,3", "png,4", "png,5", "png,6", "png,7", "png,8",
        "tiff,1", "tiff,2", "tiff,3", "tiff,4", "tiff,5", "tiff,6", "tiff,7", "tiff,8",
        "webp,1", "webp,2", "webp,3", "webp,4", "webp,5", "webp,6", "webp,7", "webp,8",
        "jpeg,2", "jpeg,3", "jpeg,6", "jpeg,7", "jpeg,8"})
    void everyFormatIsTurnedAsItsExifOrientationSays(String format, int orientation) throws Exception {
        Image drawn = gradient();
        byte[] file = switch (format) {
            case "png" -> OrientedFiles.png(TestImages.encodeWithOpenCv(drawn, ".png"), orientation);
            case "tiff" -> OrientedFiles.tiff(drawn, orientation);
            case "webp" -> OrientedFiles.webp(TestImages.encodeWithOpenCv(drawn, ".webp"), drawn.width(),
                    drawn.height(), orientation);
            default -> OrientedFiles.jpeg(TestImages.encodeWithOpenCv(drawn, ".jpg"), orientation);
        };
        String name = "oriented." + format;
        assertEquals(orientation, ImageHeader.read(file, name).orientation());
        Image stored = asStored.decode(file, name);
        if (!format.equals("jpeg")) { // lossless: the stored picture is the drawn one, unturned
            assertArrayEquals(drawn.pixels(), stored.pixels());
        }
        Image expected = displayed(stored, orientation);
        Image image = upright.decode(file, name);
        assertEquals(expected.width(), image.width(), "width");
        assertEquals(expected.height(), image.height(), "height");
        assertArrayEquals(expected.pixels(), image.pixels());
    }

    @Test
    void aTiffOrientationStoredAsALongIsHonouredAndNeverTurnedTwice() throws Exception {
        Image drawn = gradient();
        byte[] file = OrientedFiles.tiff(drawn, 6, true);
        assertEquals(6, ImageHeader.read(file, "long.tiff").orientation());
        assertArrayEquals(displayed(drawn, 6).pixels(), upright.decode(file, "long.tiff").pixels());
        assertArrayEquals(drawn.pixels(), asStored.decode(file, "long.tiff").pixels());
    }

    @Test
    void everyCutOfAnExifBlockReadsAsUpright() {
        byte[] whole = OrientedFiles.exif(6);
        assertEquals(6, ExifOrientation.read(whole, 0, whole.length));
        for (int length = 0; length < whole.length - 4; length++) { // the last 4 bytes: the next directory's offset
            assertEquals(1, ExifOrientation.read(java.util.Arrays.copyOf(whole, length), 0, length), "cut at " + length);
        }
        assertEquals(1, ExifOrientation.read(whole, 0, -5), "a negative length");
        assertEquals(1, ExifOrientation.read(whole, 3, whole.length), "a block that starts mid-header");
    }

    @Test
    void aWebpExifChunkThatClaimsMoreThanTheFileHoldsReadsAsUpright() throws Exception {
        Image drawn = gradient();
        byte[] file = OrientedFiles.webp(TestImages.encodeWithOpenCv(drawn, ".webp"), drawn.width(), drawn.height(), 6);
        int exifSize = -1; // where the EXIF chunk's size field is: 4 bytes after its name, the last chunk
        for (int at = file.length - 8; at > 12; at--) {
            if (file[at] == 'E' && file[at + 1] == 'X' && file[at + 2] == 'I' && file[at + 3] == 'F') {
                exifSize = at + 4;
                break;
            }
        }
        java.nio.ByteBuffer.wrap(file, exifSize, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1 << 30);
        assertEquals(1, ImageHeader.read(file, "odd.webp").orientation());
        assertArrayEquals(drawn.pixels(), upright.decode(file, "odd.webp").pixels());
    }

    @Test
    void aTransparentPngIsTurnedToo() throws Exception {
        BufferedImage drawn = new BufferedImage(30, 10, BufferedImage.TYPE_INT_ARGB); // transparent
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 5; x++) {
                drawn.setRGB(x, y, 0xff000000); // an opaque black bar on the left
            }
        }
        byte[] file = OrientedFiles.png(TestImages.encode(drawn, "png"), 6);
        Image image = upright.decode(file, "turned.png");
        assertEquals(10, image.width());
        assertEquals(30, image.height());
        assertEquals(0, image.get(5, 2, 0), "the left bar is now the top"); // black
        assertEquals(255, image.get(5, 20, 0), "the transparent rest lies on white");
    }

    @Test
    void unreadableExifLeavesThePictureAsStored() throws Exception {
        Image drawn = gradient();
        byte[] file = OrientedFiles.png(TestImages.encodeWithOpenCv(drawn, ".png"), 6);
        int exif = 8 + 12 + 13 + 8;
        file[exif + 4] = 0x7f; // the first directory's offset now points far beyond the block
        fixPngCrc(file, 8 + 12 + 13);
        assertEquals(1, ImageHeader.read(file, "odd.png").orientation());
        assertArrayEquals(drawn.pixels(), upright.decode(file, "odd.png").pixels());

        byte[] huge = OrientedFiles.png(TestImages.encodeWithOpenCv(drawn, ".png"), 200);
        assertEquals(1, ImageHeader.read(huge, "odd.png").orientation(), "values beyond 8 mean nothing");
    }

    private static void fixPngCrc(byte[] png, int chunk) {
        int length = java.nio.ByteBuffer.wrap(png, chunk, 4).getInt();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, chunk + 4, 4 + length);
        java.nio.ByteBuffer.wrap(png, chunk + 8 + length, 4).putInt((int) crc.getValue());
    }

    /** 12 x 8, every pixel its own colour, so any mirror or turn shows. */
    private static Image gradient() {
        int w = 12;
        int h = 8;
        byte[] pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                pixels[i] = (byte) (x * 20);
                pixels[i + 1] = (byte) (y * 30);
                pixels[i + 2] = (byte) 128;
            }
        }
        return Image.wrap(pixels, w, h, 3, "gradient");
    }

    /** The EXIF definition, written out pixel by pixel: where each displayed pixel is stored. */
    private static Image displayed(Image s, int orientation) {
        int w = s.width();
        int h = s.height();
        boolean swap = orientation >= 5;
        int dw = swap ? h : w;
        int dh = swap ? w : h;
        byte[] out = new byte[w * h * 3];
        byte[] in = s.pixels();
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    case 8 -> { sx = w - 1 - y; sy = x; }
                    default -> { sx = x; sy = y; }
                }
                System.arraycopy(in, (sy * w + sx) * 3, out, (y * dw + x) * 3, 3);
            }
        }
        return Image.wrap(out, dw, dh, 3, s.source());
    }
}
