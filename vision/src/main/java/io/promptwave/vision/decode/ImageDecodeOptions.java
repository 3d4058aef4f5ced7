package io.promptwave.vision.decode;

/**
 * How {@link ImageDecoder} decodes: which colours it keeps, and the limits that protect a server
 * from an upload that would take all its memory. Immutable; build with {@link #builder()}.
 */
public final class ImageDecodeOptions {
    private final ColorMode colorMode;
    private final long maxPixels;
    private final long maxBytes;
    private final boolean applyOrientation;

    private ImageDecodeOptions(Builder b) {
        this.colorMode = b.colorMode;
        this.maxPixels = b.maxPixels;
        this.maxBytes = b.maxBytes;
        this.applyOrientation = b.applyOrientation;
    }

    /** @return RGB, at most 40 million pixels and 64 MiB, EXIF orientation applied */
    public static ImageDecodeOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the colours kept */
    public ColorMode colorMode() {
        return colorMode;
    }

    /** @return the largest width times height decoded; larger images are refused from their header */
    public long maxPixels() {
        return maxPixels;
    }

    /** @return the largest file read */
    public long maxBytes() {
        return maxBytes;
    }

    /** @return whether a photo's EXIF orientation tag (JPEG, PNG, WebP, TIFF), or a video's display rotation, turns the picture upright */
    public boolean applyOrientation() {
        return applyOrientation;
    }

    /** Builds {@link ImageDecodeOptions}. */
    public static final class Builder {
        private ColorMode colorMode = ColorMode.RGB;
        private long maxPixels = 40_000_000L;
        private long maxBytes = 64L << 20;
        private boolean applyOrientation = true;

        private Builder() {
        }

        /** @param mode the colours to keep */
        public Builder colorMode(ColorMode mode) {
            this.colorMode = java.util.Objects.requireNonNull(mode, "colorMode");
            return this;
        }

        /** @param pixels the largest width times height to decode, positive */
        public Builder maxPixels(long pixels) {
            if (pixels <= 0) {
                throw new IllegalArgumentException("maxPixels must be positive, got " + pixels);
            }
            this.maxPixels = pixels;
            return this;
        }

        /** @param bytes the largest file to read, positive */
        public Builder maxBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive, got " + bytes);
            }
            this.maxBytes = bytes;
            return this;
        }

        /** @param apply whether to honour the EXIF orientation tag and a video's display rotation (default true) */
        public Builder applyOrientation(boolean apply) {
            this.applyOrientation = apply;
            return this;
        }

        /** @return the options */
        public ImageDecodeOptions build() {
            return new ImageDecodeOptions(this);
        }
    }
}
