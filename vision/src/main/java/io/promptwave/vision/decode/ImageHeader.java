package io.promptwave.vision.decode;

import io.promptwave.vision.ImageFormatException;
import java.util.Locale;

/**
 * What an image file's structure says before any pixel is decoded: its format and size, after
 * checking that the file holds everything its headers promise. This is where a truncated upload
 * is caught: the codecs behind OpenCV would otherwise fill the missing rows with gray (JPEG) or
 * print to stderr and return nothing, and a decompression bomb is refused here before a byte of
 * pixel memory is allocated.
 *
 * @param format the container format
 * @param width columns as stored, before any EXIF rotation
 * @param height rows as stored
 * @param transparent whether the file declares transparency: a PNG with an alpha channel or a
 *     {@code tRNS} chunk, a WebP with alpha (BMP and TIFF alpha is not looked for: 32-bit BMPs often
 *     carry an alpha of zero that no viewer honours)
 * @param orientation the EXIF orientation, 1-8 (1, upright, when the file has none): a JPEG's APP1
 *     segment, a PNG's {@code eXIf} chunk, a WebP's {@code EXIF} chunk, a TIFF's tag 274
 */
public record ImageHeader(ImageFormat format, int width, int height, boolean transparent, int orientation) {

    /** Checks the orientation: EXIF defines 1 to 8. */
    public ImageHeader {
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation is 1 to 8, got " + orientation);
        }
    }

    /**
     * An upright image's header.
     *
     * @param format the container format
     * @param width columns as stored
     * @param height rows as stored
     * @param transparent whether the file declares transparency
     */
    public ImageHeader(ImageFormat format, int width, int height, boolean transparent) {
        this(format, width, height, transparent, ExifOrientation.UPRIGHT);
    }

    /**
     * An opaque upright image's header.
     *
     * @param format the container format
     * @param width columns as stored
     * @param height rows as stored
     */
    public ImageHeader(ImageFormat format, int width, int height) {
        this(format, width, height, false);
    }

    /**
     * @param bytes a whole image file
     * @param source the label to name in errors
     * @return the format and stored size
     * @throws ImageFormatException when the bytes are not one of {@link ImageFormat}'s formats, or
     *     the file is truncated, or declares a size of zero
     */
    public static ImageHeader read(byte[] bytes, String source) throws ImageFormatException {
        if (bytes.length == 0) {
            throw new ImageFormatException(source, "empty file (0 bytes)");
        }
        ImageFormat format = ImageFormat.sniff(bytes, bytes.length);
        if (format == null) {
            throw new ImageFormatException(source, "not an image Promptwave reads (starts with " + describe(bytes)
                    + "); it reads PNG, JPEG, WebP, BMP and TIFF");
        }
        Reader in = new Reader(bytes, source, format);
        ImageHeader header = switch (format) {
            case PNG -> png(in);
            case JPEG -> jpeg(in);
            case WEBP -> webp(in);
            case BMP -> bmp(in);
            case TIFF -> tiff(in);
        };
        if (header.width <= 0 || header.height <= 0) {
            throw new ImageFormatException(source, format + " header declares a size of " + header.width + " x "
                    + header.height + " pixels");
        }
        return header;
    }

    /** @return width times height */
    public long pixels() {
        return (long) width * height;
    }

    private static ImageHeader png(Reader in) throws ImageFormatException {
        int pos = 8;
        int width = -1;
        int height = -1;
        boolean transparent = false;
        int orientation = ExifOrientation.UPRIGHT;
        while (true) {
            in.need(pos, 8, "the header of a chunk");
            long length = in.u32be(pos);
            String type = ImageFormat.ascii(in.bytes, pos + 4, 4);
            if (pos == 8) {
                if (!type.equals("IHDR")) {
                    throw in.error("the first chunk is " + printable(type) + ", not IHDR");
                }
                in.need(pos + 8, 8, "chunk IHDR");
                width = (int) Math.min(Integer.MAX_VALUE, in.u32be(pos + 8));
                height = (int) Math.min(Integer.MAX_VALUE, in.u32be(pos + 12));
                in.need(pos + 17, 1, "chunk IHDR");
                int colorType = in.bytes[pos + 17] & 0xff;
                transparent = colorType == 4 || colorType == 6; // gray or colour with alpha
            }
            transparent |= type.equals("tRNS");
            long end = pos + 12L + length;
            if (end > in.bytes.length) {
                throw in.truncated("inside chunk " + printable(type) + " (it needs " + (end - pos) + " bytes from byte "
                        + pos + ")");
            }
            if (type.equals("eXIf")) {
                orientation = ExifOrientation.read(in.bytes, pos + 8, (int) length);
            }
            if (type.equals("IEND")) {
                return new ImageHeader(ImageFormat.PNG, width, height, transparent, orientation);
            }
            pos = (int) end;
        }
    }

    private static ImageHeader jpeg(Reader in) throws ImageFormatException {
        int pos = 2;
        int width = -1;
        int height = -1;
        int orientation = ExifOrientation.UPRIGHT;
        while (true) {
            in.need(pos, 2, "a marker");
            if ((in.bytes[pos] & 0xff) != 0xff) {
                throw in.error("expected a marker at byte " + pos + ", found 0x"
                        + Integer.toHexString(in.bytes[pos] & 0xff));
            }
            int marker = in.bytes[pos + 1] & 0xff;
            if (marker == 0xff) { // fill byte before a marker
                pos++;
                continue;
            }
            if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                pos += 2;
                continue;
            }
            if (marker == 0xd9) {
                throw in.error("the file ends (EOI marker) before any image data");
            }
            in.need(pos + 2, 2, "the length of segment 0xff" + Integer.toHexString(marker));
            int length = in.u16be(pos + 2);
            in.need(pos + 2, length, "segment 0xff" + Integer.toHexString(marker));
            boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8
                    && marker != 0xcc;
            if (marker == 0xe1 && orientation == ExifOrientation.UPRIGHT) { // APP1: EXIF (or XMP)
                orientation = ExifOrientation.read(in.bytes, pos + 4, length - 2);
            }
            if (startOfFrame) {
                in.need(pos + 5, 5, "the frame header");
                height = in.u16be(pos + 5);
                width = in.u16be(pos + 7);
            }
            if (marker == 0xda) {
                if (width < 0) {
                    throw in.error("image data starts before any frame header (SOF)");
                }
                // entropy-coded data follows; 0xff 0xd9 cannot occur inside it (0xff is stuffed), so
                // the end-of-image marker after the first scan proves the file is complete
                for (int i = pos + 2 + length; i + 1 < in.bytes.length; i++) {
                    if (in.bytes[i] == (byte) 0xff && in.bytes[i + 1] == (byte) 0xd9) {
                        return new ImageHeader(ImageFormat.JPEG, width, height, false, orientation);
                    }
                }
                throw in.truncated("inside the image data (no end-of-image marker)");
            }
            pos += 2 + length;
        }
    }

    private static ImageHeader webp(Reader in) throws ImageFormatException {
        long declared = in.u32le(4) + 8;
        if (declared > in.bytes.length) {
            throw in.truncated("after " + in.bytes.length + " of the " + declared + " bytes its RIFF header declares");
        }
        in.need(12, 8, "the first chunk header");
        String chunk = ImageFormat.ascii(in.bytes, 12, 4);
        switch (chunk) {
            case "VP8 " -> {
                in.need(20, 10, "the VP8 frame header");
                if ((in.bytes[23] & 0xff) != 0x9d || (in.bytes[24] & 0xff) != 0x01 || (in.bytes[25] & 0xff) != 0x2a) {
                    throw in.error("VP8 frame without its start code");
                }
                return new ImageHeader(ImageFormat.WEBP, in.u16le(26) & 0x3fff, in.u16le(28) & 0x3fff);
            }
            case "VP8L" -> {
                in.need(20, 5, "the VP8L header");
                if ((in.bytes[20] & 0xff) != 0x2f) {
                    throw in.error("VP8L chunk without its signature byte");
                }
                long bits = in.u32le(21);
                return new ImageHeader(ImageFormat.WEBP, (int) (bits & 0x3fff) + 1, (int) ((bits >> 14) & 0x3fff) + 1,
                        (bits & (1L << 28)) != 0);
            }
            case "VP8X" -> {
                in.need(20, 10, "the VP8X header");
                boolean hasExif = (in.bytes[20] & 0x08) != 0;
                return new ImageHeader(ImageFormat.WEBP, in.u24le(24) + 1, in.u24le(27) + 1,
                        (in.bytes[20] & 0x10) != 0, hasExif ? webpExifOrientation(in) : ExifOrientation.UPRIGHT);
            }
            default -> throw in.error("unknown first chunk " + printable(chunk) + " (expected VP8, VP8L or VP8X)");
        }
    }

    /** Walks an extended WebP's chunks to its {@code EXIF} chunk, which follows the image data. */
    private static int webpExifOrientation(Reader in) throws ImageFormatException {
        long pos = 12;
        while (pos + 8 <= in.bytes.length) {
            String chunk = ImageFormat.ascii(in.bytes, (int) pos, 4);
            long size = in.u32le((int) pos + 4);
            if (chunk.equals("EXIF")) {
                // a chunk that claims more than the file holds is broken: its orientation is not trusted
                return pos + 8 + size > in.bytes.length ? ExifOrientation.UPRIGHT
                        : ExifOrientation.read(in.bytes, (int) pos + 8, (int) size);
            }
            pos += 8 + size + (size & 1);
        }
        return ExifOrientation.UPRIGHT;
    }

    private static ImageHeader bmp(Reader in) throws ImageFormatException {
        in.need(0, 26, "the file and bitmap headers");
        long dataOffset = in.u32le(10);
        long headerSize = in.u32le(14);
        int width;
        int height;
        int bitCount;
        long compression = 0;
        long imageSize = 0;
        if (headerSize == 12) {
            width = in.u16le(18);
            height = in.u16le(20);
            bitCount = in.u16le(24);
        } else if (headerSize >= 40) {
            in.need(0, 38, "the bitmap info header");
            width = (int) in.u32le(18);
            height = Math.abs((int) in.u32le(22)); // negative height: rows stored top-down
            bitCount = in.u16le(28);
            compression = in.u32le(30);
            imageSize = in.u32le(34);
        } else {
            throw in.error("bitmap header of " + headerSize + " bytes (expected 12 or at least 40)");
        }
        long needed;
        if (compression == 0 || compression == 3 || compression == 6) { // BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS
            if (bitCount <= 0 || bitCount > 32) {
                throw in.error(bitCount + " bits per pixel");
            }
            long rowBytes = ((long) bitCount * width + 31) / 32 * 4;
            needed = dataOffset + rowBytes * height;
        } else {
            needed = dataOffset + imageSize;
        }
        if (needed > in.bytes.length) {
            throw in.truncated("after " + in.bytes.length + " bytes; its pixel data ends at byte " + needed);
        }
        return new ImageHeader(ImageFormat.BMP, width, height);
    }

    private static ImageHeader tiff(Reader in) throws ImageFormatException {
        in.bigEndian = in.bytes[0] == 'M';
        in.need(4, 4, "the offset of the first directory");
        long ifd = in.u32(4);
        in.need(ifd, 2, "the first image directory");
        int entries = in.u16((int) ifd);
        in.need(ifd + 2, 12L * entries, "the first image directory's " + entries + " entries");
        long width = -1;
        long height = -1;
        long[] offsets = null;
        long[] counts = null;
        int orientation = ExifOrientation.UPRIGHT;
        for (int e = 0; e < entries; e++) {
            int at = (int) ifd + 2 + 12 * e;
            int tag = in.u16(at);
            switch (tag) {
                case 256 -> width = in.tiffValues(at)[0];
                case 257 -> height = in.tiffValues(at)[0];
                case 273, 324 -> offsets = in.tiffValues(at);
                case 279, 325 -> counts = in.tiffValues(at);
                case 274 -> orientation = ExifOrientation.read(in.bytes, 0, in.bytes.length);
                default -> { }
            }
        }
        if (offsets == null || counts == null || offsets.length != counts.length) {
            throw in.error("its first directory has no consistent strip or tile table");
        }
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] + counts[i] > in.bytes.length) {
                throw in.truncated("inside the pixel data (strip " + i + " ends at byte " + (offsets[i] + counts[i])
                        + ")");
            }
        }
        return new ImageHeader(ImageFormat.TIFF, (int) Math.min(Integer.MAX_VALUE, width),
                (int) Math.min(Integer.MAX_VALUE, height), false, orientation);
    }

    private static String describe(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            hex.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xff));
        }
        return "0x" + hex + " \"" + printable(ImageFormat.ascii(bytes, 0, Math.min(8, bytes.length))) + "\"";
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 32 && c < 127 ? c : '.');
        }
        return out.toString();
    }

    /** Bounds-checked reads of one file's bytes; every overrun is reported as truncation. */
    private static final class Reader {
        final byte[] bytes;
        final String source;
        final ImageFormat format;
        boolean bigEndian;

        Reader(byte[] bytes, String source, ImageFormat format) {
            this.bytes = bytes;
            this.source = source;
            this.format = format;
        }

        void need(long offset, long length, String what) throws ImageFormatException {
            if (offset < 0 || length < 0 || offset + length > bytes.length) {
                throw truncated("inside " + what + " (at byte " + offset + ", file has " + bytes.length + ")");
            }
        }

        ImageFormatException truncated(String where) {
            return new ImageFormatException(source, "truncated " + format + ": the file ends " + where);
        }

        ImageFormatException error(String what) {
            return new ImageFormatException(source, "corrupt " + format + ": " + what);
        }

        int u16be(int at) {
            return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
        }

        long u32be(int at) {
            return ((long) u16be(at) << 16) | u16be(at + 2);
        }

        int u16le(int at) {
            return (bytes[at] & 0xff) | ((bytes[at + 1] & 0xff) << 8);
        }

        int u24le(int at) {
            return u16le(at) | ((bytes[at + 2] & 0xff) << 16);
        }

        long u32le(int at) throws ImageFormatException {
            need(at, 4, "a header field");
            return u16le(at) | ((long) u16le(at + 2) << 16);
        }

        int u16(int at) {
            return bigEndian ? u16be(at) : u16le(at);
        }

        long u32(int at) throws ImageFormatException {
            return bigEndian ? u32be(at) : u32le(at);
        }

        /** The values of one 12-byte TIFF directory entry of type SHORT or LONG. */
        long[] tiffValues(int entry) throws ImageFormatException {
            int type = u16(entry + 2);
            long count = u32(entry + 4);
            int size = switch (type) {
                case 3 -> 2;
                case 4 -> 4;
                default -> throw error("directory entry " + u16(entry) + " has type " + type
                        + " (expected SHORT or LONG)");
            };
            if (count <= 0 || count > 1 << 24) {
                throw error("directory entry " + u16(entry) + " holds " + count + " values");
            }
            long at = count * size <= 4 ? entry + 8 : u32(entry + 8);
            need(at, count * size, "the values of directory entry " + u16(entry));
            long[] values = new long[(int) count];
            for (int i = 0; i < count; i++) {
                int p = (int) (at + (long) i * size);
                values[i] = size == 2 ? u16(p) : u32(p);
            }
            return values;
        }
    }
}
