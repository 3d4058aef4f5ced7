package io.promptwave.vision.decode;

import io.promptwave.vision.Image;

/**
 * The EXIF orientation tag (274): how a camera says its stored picture must be turned, and mirrored,
 * to be upright. Read here from the TIFF structure that EXIF blocks hold, whichever container carries
 * it, and applied here, so that every format is turned the same way: OpenCV turns a JPEG and a PNG
 * itself, a WebP not at all, and a TIFF only for some layouts (the ones libtiff reads through its RGBA
 * interface), and it cannot be told not to turn a TIFF.
 */
final class ExifOrientation {
    /** The value that asks for nothing: the stored picture is upright. */
    static final int UPRIGHT = 1;

    private static final int TAG = 274;

    private ExifOrientation() {
    }

    /**
     * @param bytes a file holding an EXIF block
     * @param start where the block's TIFF header starts (an {@code Exif\0\0} prefix there is skipped)
     * @param length the block's length
     * @return the orientation, 1-8; 1 when the block is absent, malformed or holds another value:
     *     metadata that cannot be read must not cost the picture
     */
    static int read(byte[] bytes, int start, int length) {
        int end = (int) Math.min(bytes.length, (long) start + Math.max(0, length));
        if (end - start >= 6 && bytes[start] == 'E' && bytes[start + 1] == 'x' && bytes[start + 2] == 'i'
                && bytes[start + 3] == 'f' && bytes[start + 4] == 0 && bytes[start + 5] == 0) {
            start += 6;
        }
        int entry = entryAt(bytes, start, end);
        if (entry < 0) {
            return UPRIGHT;
        }
        boolean bigEndian = bytes[start] == 'M';
        long value = isLong(bytes, entry, bigEndian) ? u32(bytes, entry + 8, bigEndian)
                : u16(bytes, entry + 8, bigEndian);
        return value >= 1 && value <= 8 ? (int) value : UPRIGHT;
    }

    /**
     * @param tiff a whole TIFF file (its header already checked)
     * @return a copy whose orientation tag says upright, so that no codec turns it; the file itself
     *     when it has no such tag
     */
    static byte[] clearedInTiff(byte[] tiff) {
        int entry = entryAt(tiff, 0, tiff.length);
        if (entry < 0) {
            return tiff;
        }
        byte[] copy = tiff.clone();
        boolean bigEndian = copy[0] == 'M';
        int size = isLong(copy, entry, bigEndian) ? 4 : 2;
        for (int i = 0; i < size; i++) { // the value 1, in the entry's width and byte order
            copy[entry + 8 + i] = (byte) ((bigEndian ? i == size - 1 : i == 0) ? UPRIGHT : 0);
        }
        return copy;
    }

    /**
     * @param stored the picture as stored
     * @param orientation the EXIF value, 1-8
     * @return the picture as it is meant to be seen
     */
    static Image upright(Image stored, int orientation) {
        // 2, 4, 5 and 7 are the mirrored ones: mirror left-right first, then turn
        boolean mirrored = orientation == 2 || orientation == 4 || orientation == 5 || orientation == 7;
        int quarterTurns = switch (orientation) {
            case 3, 4 -> 2;
            case 6, 7 -> 1;
            case 5, 8 -> 3;
            default -> 0;
        };
        return (mirrored ? stored.mirrored() : stored).turnedClockwise(quarterTurns);
    }

    /**
     * @return where the first directory's orientation entry starts (one value, SHORT as the standard
     *     says or LONG as libtiff also accepts), or -1
     */
    private static int entryAt(byte[] b, int start, int end) {
        if (end - start < 8) {
            return -1;
        }
        boolean bigEndian;
        if (b[start] == 'M' && b[start + 1] == 'M') {
            bigEndian = true;
        } else if (b[start] == 'I' && b[start + 1] == 'I') {
            bigEndian = false;
        } else {
            return -1;
        }
        long ifd = start + u32(b, start + 4, bigEndian);
        if (ifd + 2 > end) {
            return -1;
        }
        int entries = u16(b, (int) ifd, bigEndian);
        for (int e = 0; e < entries; e++) {
            long entry = ifd + 2 + 12L * e;
            if (entry + 12 > end) {
                return -1;
            }
            int at = (int) entry;
            if (u16(b, at, bigEndian) == TAG) {
                int type = u16(b, at + 2, bigEndian);
                boolean oneValue = (type == 3 || type == 4) && u32(b, at + 4, bigEndian) == 1;
                return oneValue ? at : -1;
            }
        }
        return -1;
    }

    private static boolean isLong(byte[] b, int entry, boolean bigEndian) {
        return u16(b, entry + 2, bigEndian) == 4;
    }

    private static int u16(byte[] b, int at, boolean bigEndian) {
        int first = b[at] & 0xff;
        int second = b[at + 1] & 0xff;
        return bigEndian ? first << 8 | second : second << 8 | first;
    }

    private static long u32(byte[] b, int at, boolean bigEndian) {
        long high = u16(b, bigEndian ? at : at + 2, bigEndian);
        long low = u16(b, bigEndian ? at + 2 : at, bigEndian);
        return high << 16 | low;
    }
}
