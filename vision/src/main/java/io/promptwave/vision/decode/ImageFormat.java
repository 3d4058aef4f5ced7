package io.promptwave.vision.decode;

import java.nio.charset.StandardCharsets;

/** The still-image formats Promptwave decodes, recognised by their first bytes, never by a file name. */
public enum ImageFormat {
    /** Portable Network Graphics. */
    PNG,
    /** JPEG (JFIF or EXIF). */
    JPEG,
    /** WebP, lossy or lossless. */
    WEBP,
    /** Windows bitmap. */
    BMP,
    /** Tagged Image File Format, either byte order. */
    TIFF;

    /**
     * @param bytes the start of a file (12 bytes are enough)
     * @param length how many of {@code bytes} are valid
     * @return the format those bytes start, or {@code null} if none of ours
     */
    public static ImageFormat sniff(byte[] bytes, int length) {
        if (startsWith(bytes, length, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return PNG;
        }
        if (startsWith(bytes, length, 0xff, 0xd8, 0xff)) {
            return JPEG;
        }
        if (length >= 12 && ascii(bytes, 0, 4).equals("RIFF") && ascii(bytes, 8, 4).equals("WEBP")) {
            return WEBP;
        }
        if (startsWith(bytes, length, 'B', 'M')) {
            return BMP;
        }
        if (startsWith(bytes, length, 'I', 'I', 42, 0) || startsWith(bytes, length, 'M', 'M', 0, 42)) {
            return TIFF;
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int length, int... expected) {
        if (length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    static String ascii(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
}
