package io.promptwave.vision.decode;

import io.promptwave.vision.Image;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Image files that carry an EXIF orientation tag, each written the way its format stores one: a
 * JPEG's APP1 segment, a PNG's {@code eXIf} chunk, a WebP's {@code EXIF} chunk (with the VP8X header
 * that announces it), a TIFF's own tag 274.
 */
final class OrientedFiles {
    private OrientedFiles() {
    }

    /** @return a big-endian TIFF structure holding one orientation tag, as EXIF blocks carry it */
    static byte[] exif(int orientation) {
        return new byte[] {
            'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first directory at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1 value
            0, 0, 0, 0 // no next directory
        };
    }

    /** @return the JPEG with an APP1 EXIF segment right after its SOI marker */
    static byte[] jpeg(byte[] jpeg, int orientation) {
        byte[] tiff = exif(orientation);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 6 + tiff.length;
        out.write(0xff);
        out.write(0xe1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** @return the PNG with an {@code eXIf} chunk right after its IHDR chunk */
    static byte[] png(byte[] png, int orientation) {
        int afterHeader = 8 + 12 + 13; // signature, then IHDR: length, type, 13 bytes of data, CRC
        byte[] data = exif(orientation);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeAndData = new byte[4 + data.length];
        System.arraycopy(new byte[] {'e', 'X', 'I', 'f'}, 0, typeAndData, 0, 4);
        System.arraycopy(data, 0, typeAndData, 4, data.length);
        out.writeBytes(typeAndData);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, afterHeader, png.length - afterHeader);
        return out.toByteArray();
    }

    /**
     * @param simple a simple-format WebP (RIFF header, then one VP8 or VP8L chunk)
     * @return the extended format: a VP8X header announcing EXIF, the image chunk, an EXIF chunk
     */
    static byte[] webp(byte[] simple, int width, int height, int orientation) {
        byte[] exif = exif(orientation);
        ByteBuffer vp8x = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put(new byte[] {'V', 'P', '8', 'X'}).putInt(10);
        vp8x.put((byte) 0x08).put(new byte[3]); // flags: EXIF metadata present
        putU24(vp8x, width - 1);
        putU24(vp8x, height - 1);
        ByteBuffer exifChunk = ByteBuffer.allocate(8 + exif.length + (exif.length & 1))
                .order(ByteOrder.LITTLE_ENDIAN);
        exifChunk.put(new byte[] {'E', 'X', 'I', 'F'}).putInt(exif.length).put(exif);
        int body = 4 + vp8x.capacity() + (simple.length - 12) + exifChunk.capacity();
        ByteBuffer out = ByteBuffer.allocate(8 + body).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(body).put(new byte[] {'W', 'E', 'B', 'P'});
        out.put(vp8x.array()).put(simple, 12, simple.length - 12).put(exifChunk.array());
        return out.array();
    }

    /** @return an uncompressed little-endian RGB TIFF of the image with orientation tag 274, a SHORT */
    static byte[] tiff(Image rgb, int orientation) {
        return tiff(rgb, orientation, false);
    }

    /**
     * @param asLong store the orientation as a LONG, as some writers do (libtiff reads it)
     * @return an uncompressed little-endian RGB TIFF of the image with orientation tag 274
     */
    static byte[] tiff(Image rgb, int orientation, boolean asLong) {
        int entries = 11;
        int bitsAt = 8 + 2 + 12 * entries + 4;
        int pixelsAt = bitsAt + 6;
        byte[] pixels = rgb.pixels();
        ByteBuffer out = ByteBuffer.allocate(pixelsAt + pixels.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'I', 'I'}).putShort((short) 42).putInt(8);
        out.putShort((short) entries);
        entry(out, 256, 3, 1, rgb.width()); // ImageWidth
        entry(out, 257, 3, 1, rgb.height()); // ImageLength
        entry(out, 258, 3, 3, bitsAt); // BitsPerSample, three values stored apart
        entry(out, 259, 3, 1, 1); // Compression: none
        entry(out, 262, 3, 1, 2); // PhotometricInterpretation: RGB
        entry(out, 273, 4, 1, pixelsAt); // StripOffsets
        entry(out, 274, asLong ? 4 : 3, 1, orientation); // Orientation
        entry(out, 277, 3, 1, 3); // SamplesPerPixel
        entry(out, 278, 3, 1, rgb.height()); // RowsPerStrip
        entry(out, 279, 4, 1, pixels.length); // StripByteCounts
        entry(out, 284, 3, 1, 1); // PlanarConfiguration: chunky
        out.putInt(0); // no next directory
        out.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        out.put(pixels);
        return out.array();
    }

    private static void entry(ByteBuffer out, int tag, int type, int count, int value) {
        out.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) {
            out.putShort((short) value).putShort((short) 0);
        } else {
            out.putInt(value);
        }
    }

    private static void putU24(ByteBuffer out, int value) {
        out.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }
}
