package io.promptwave.vision;

import java.util.Objects;

/**
 * A decoded picture: 8-bit pixels, row after row, with one channel (gray) or three (red, green,
 * blue, interleaved), and the label of where it came from. Immutable: pixels are copied in and
 * out. This is the vision module's own type, so no caller ever holds an OpenCV matrix.
 */
public final class Image {
    private final byte[] pixels;
    private final int width;
    private final int height;
    private final int channels;
    private final String source;

    private Image(byte[] pixels, int width, int height, int channels, String source) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad size " + width + " x " + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("an image has 1 (gray) or 3 (RGB) channels, got " + channels);
        }
        if (pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException("pixel buffer holds " + pixels.length + " bytes, " + width + " x "
                    + height + " x " + channels + " needs " + (long) width * height * channels);
        }
        this.pixels = pixels;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * @param pixels {@code width * height * channels} bytes, rows top to bottom (copied)
     * @param width columns
     * @param height rows
     * @param channels 1 (gray) or 3 (RGB, interleaved)
     * @param source a label for messages
     * @return the image
     */
    public static Image of(byte[] pixels, int width, int height, int channels, String source) {
        return new Image(pixels.clone(), width, height, channels, source);
    }

    /** Like {@link #of} but takes ownership of {@code pixels} instead of copying them. */
    public static Image wrap(byte[] pixels, int width, int height, int channels, String source) {
        return new Image(pixels, width, height, channels, source);
    }

    /** @return columns */
    public int width() {
        return width;
    }

    /** @return rows */
    public int height() {
        return height;
    }

    /** @return 1 for gray, 3 for RGB */
    public int channels() {
        return channels;
    }

    /** @return the label of where the image came from */
    public String source() {
        return source;
    }

    /** @return one channel of one pixel, 0 to 255 */
    public int get(int x, int y, int channel) {
        if (x < 0 || x >= width || y < 0 || y >= height || channel < 0 || channel >= channels) {
            throw new IndexOutOfBoundsException("(" + x + ", " + y + ", " + channel + ") outside " + width + " x "
                    + height + " x " + channels);
        }
        return pixels[(y * width + x) * channels + channel] & 0xff;
    }

    /** @return a copy of all pixels, row after row */
    public byte[] pixels() {
        return pixels.clone();
    }

    /** @return this image with one channel: itself if gray, else the ITU-R BT.601 luma of its RGB */
    public Image toGray() {
        if (channels == 1) {
            return this;
        }
        byte[] gray = new byte[width * height];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) luma(pixels[3 * i] & 0xff, pixels[3 * i + 1] & 0xff, pixels[3 * i + 2] & 0xff);
        }
        return new Image(gray, width, height, 1, source);
    }

    /**
     * @return the ITU-R BT.601 luma of one RGB pixel, 0 to 255: fixed-point 0.299 R + 0.587 G +
     *     0.114 B, rounded, as OpenCV's RGB2GRAY computes it
     */
    public static int luma(int r, int g, int b) {
        return (r * 4899 + g * 9617 + b * 1868 + 8192) >> 14;
    }

    /**
     * A lossless turn by quarters, as a photo's orientation or a video's display rotation asks.
     *
     * @param quarterTurns clockwise quarter turns, any integer (taken modulo 4)
     * @return the turned image (itself for a whole number of full turns)
     */
    public Image turnedClockwise(int quarterTurns) {
        int turns = ((quarterTurns % 4) + 4) % 4;
        if (turns == 0) {
            return this;
        }
        int outWidth = turns == 2 ? width : height;
        int outHeight = turns == 2 ? height : width;
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int tx;
                int ty;
                switch (turns) {
                    case 1 -> { // the left column becomes the top row
                        tx = height - 1 - y;
                        ty = x;
                    }
                    case 2 -> {
                        tx = width - 1 - x;
                        ty = height - 1 - y;
                    }
                    default -> { // 3: the left column becomes the bottom row
                        tx = y;
                        ty = width - 1 - x;
                    }
                }
                System.arraycopy(pixels, (y * width + x) * channels, out, (ty * outWidth + tx) * channels, channels);
            }
        }
        return new Image(out, outWidth, outHeight, channels, source);
    }

    /** @return the image mirrored left to right, as a photo's EXIF orientation 2, 4, 5 or 7 asks */
    public Image mirrored() {
        byte[] out = new byte[pixels.length];
        int row = width * channels;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(pixels, y * row + x * channels, out, y * row + (width - 1 - x) * channels, channels);
            }
        }
        return new Image(out, width, height, channels, source);
    }

    /** @return the same pixels under another label */
    public Image withSource(String newSource) {
        return new Image(pixels, width, height, channels, newSource);
    }

    @Override
    public String toString() {
        return "Image[" + source + ", " + width + " x " + height + (channels == 1 ? ", gray]" : ", RGB]");
    }
}
