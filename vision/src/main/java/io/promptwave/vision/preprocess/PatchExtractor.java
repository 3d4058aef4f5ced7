package io.promptwave.vision.preprocess;

import io.promptwave.features.FeatureSequence;
import io.promptwave.vision.Image;

/**
 * Cuts an image into the patch vectors the model's image front-end reads, as a
 * {@link FeatureSequence}.
 *
 * <p>Two layouts. <b>Columns</b> (text lines): vertical strips of the whole height, {@code width}
 * pixels wide, every {@code stride} pixels from left to right, so a line reads like an utterance.
 * The sequence's "frame rate" is then frames per pixel of the line ({@code 1 / stride}), so the
 * time of a frame is its left edge in pixels. <b>Squares</b> (captioning): {@code size x size}
 * tiles in reading order, rows top to bottom, at a frame rate of 1. In both, a patch that runs
 * past the image's right or bottom edge repeats the edge pixels, and each patch's vector holds its
 * pixels column by column, top to bottom within a column, channels innermost.
 *
 * <p>Immutable and thread-safe.
 */
public final class PatchExtractor {
    private final boolean columns;
    private final int width;
    private final int stride;
    private final PixelNormalization normalization;

    private PatchExtractor(boolean columns, int width, int stride, PixelNormalization normalization) {
        if (width <= 0 || stride <= 0) {
            throw new IllegalArgumentException("patch width and stride must be positive, got " + width + " and " + stride);
        }
        this.columns = columns;
        this.width = width;
        this.stride = stride;
        this.normalization = java.util.Objects.requireNonNull(normalization, "normalization");
    }

    /**
     * @param width strip width in pixels
     * @param stride pixels between the left edges of consecutive strips (equal to width: no overlap)
     * @return column strips for text lines
     */
    public static PatchExtractor columns(int width, int stride, PixelNormalization normalization) {
        return new PatchExtractor(true, width, stride, normalization);
    }

    /** @return square tiles of {@code size x size} pixels, in reading order */
    public static PatchExtractor squares(int size, PixelNormalization normalization) {
        return new PatchExtractor(false, size, size, normalization);
    }

    /**
     * @param image any image; for columns, normally a line already brought to a fixed height
     * @return one frame per patch; dims = patch height x width x channels
     */
    public FeatureSequence extract(Image image) {
        int patchHeight = columns ? image.height() : width;
        int across = image.width() <= width ? 1 : ceilDiv(image.width() - width, stride) + 1;
        int down = columns ? 1 : ceilDiv(image.height(), width);
        int channels = image.channels();
        int dims = patchHeight * width * channels;
        long total = (long) across * down * dims;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(image.source() + ": " + across * down + " patches of " + dims
                    + " values do not fit one array");
        }
        byte[] pixels = image.pixels();
        float[] out = new float[(int) total];
        int at = 0;
        for (int row = 0; row < down; row++) {
            int top = row * patchHeight;
            for (int col = 0; col < across; col++) {
                int left = col * stride;
                for (int dx = 0; dx < width; dx++) {
                    int x = Math.min(left + dx, image.width() - 1);
                    for (int dy = 0; dy < patchHeight; dy++) {
                        int y = Math.min(top + dy, image.height() - 1);
                        int p = (y * image.width() + x) * channels;
                        for (int c = 0; c < channels; c++) {
                            out[at++] = normalization.apply(pixels[p + c] & 0xff, c);
                        }
                    }
                }
            }
        }
        double frameRate = columns ? 1.0 / stride : 1.0;
        return FeatureSequence.wrap(out, across * down, dims, frameRate, image.source());
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return columns ? "columns " + width + " px every " + stride + " px" : "squares of " + width + " px";
    }
}
