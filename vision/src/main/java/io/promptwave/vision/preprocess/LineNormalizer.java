package io.promptwave.vision.preprocess;

import io.promptwave.vision.Image;
import io.promptwave.vision.ImageFormatException;
import io.promptwave.vision.opencv.ImageTransforms;

/**
 * Brings a picture of one text line to the shape the model reads: gray, dark text on a light
 * background (light-on-dark lines are inverted, {@link TextPolarity}), optionally straightened,
 * scaled to a fixed height with its aspect ratio kept. Immutable; build with {@link #builder()}.
 */
public final class LineNormalizer {
    private final int height;
    private final int maxWidth;
    private final boolean deskew;
    private final SkewEstimator skew;

    private LineNormalizer(Builder b) {
        this.height = b.height;
        this.maxWidth = b.maxWidth;
        this.deskew = b.deskew;
        this.skew = new SkewEstimator(b.maxSkewDegrees);
    }

    /** @return a builder: height 32, at most 4096 pixels wide, no deskew */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the height every line is scaled to */
    public int height() {
        return height;
    }

    /**
     * @param line a picture of one line of text
     * @return it in gray, dark on light, straightened if asked, {@link #height()} pixels tall
     * @throws ImageFormatException when the line would be wider than the limit at that height
     */
    public Image normalize(Image line) throws ImageFormatException {
        Image gray = TextPolarity.darkOnLight(line.toGray());
        if (deskew) {
            double degrees = skew.estimateDegrees(gray);
            if (Math.abs(degrees) >= 0.1) {
                gray = ImageTransforms.rotated(gray, -degrees);
            }
        }
        long width = Math.max(1, Math.round((double) gray.width() * height / gray.height()));
        if (width > maxWidth) {
            throw new ImageFormatException(line.source(), "a line of " + line.width() + " x " + line.height()
                    + " pixels is " + width + " pixels wide at height " + height + ", more than the limit of " + maxWidth
                    + " (is it one line of text?)");
        }
        return ImageTransforms.resized(gray, (int) width, height);
    }

    /** Builds a {@link LineNormalizer}. */
    public static final class Builder {
        private int height = 32;
        private int maxWidth = 4096;
        private boolean deskew;
        private double maxSkewDegrees = 10;

        private Builder() {
        }

        /** @param pixels the height of every normalised line, 8 to 512 */
        public Builder height(int pixels) {
            if (pixels < 8 || pixels > 512) {
                throw new IllegalArgumentException("line height must be 8 to 512 pixels, got " + pixels);
            }
            this.height = pixels;
            return this;
        }

        /** @param pixels the widest normalised line accepted, positive */
        public Builder maxWidth(int pixels) {
            if (pixels <= 0) {
                throw new IllegalArgumentException("max width must be positive, got " + pixels);
            }
            this.maxWidth = pixels;
            return this;
        }

        /**
         * @param maxDegrees straighten lines turned by up to this many degrees either way; 0 turns
         *     deskewing off
         */
        public Builder deskew(double maxDegrees) {
            if (maxDegrees < 0 || maxDegrees > 45) {
                throw new IllegalArgumentException("deskew range must be 0 to 45 degrees, got " + maxDegrees);
            }
            this.deskew = maxDegrees > 0;
            if (deskew) {
                this.maxSkewDegrees = maxDegrees;
            }
            return this;
        }

        /** @return the normaliser */
        public LineNormalizer build() {
            return new LineNormalizer(this);
        }
    }
}
