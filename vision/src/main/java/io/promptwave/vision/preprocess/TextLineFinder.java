package io.promptwave.vision.preprocess;

import io.promptwave.vision.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the horizontal bands of an image that hold text, so a page, a screenshot with several
 * lines, or a video frame with a caption can be read line by line. Text is where the horizontal
 * gradient is strong (stroke edges); a band is a run of rows whose mean gradient stands out
 * against the image's, extended over the fainter rows of ascenders and descenders, padded by a
 * fifth of its height, and cropped to the columns that hold its strokes. A picture of one line gives one band close to the whole picture.
 *
 * <p>Immutable and thread-safe.
 */
public final class TextLineFinder {
    private final int minHeight;

    /** @param minHeight bands lower than this many pixels are noise, not text */
    public TextLineFinder(int minHeight) {
        if (minHeight < 2) {
            throw new IllegalArgumentException("minimum line height must be at least 2 pixels, got " + minHeight);
        }
        this.minHeight = minHeight;
    }

    /** A band of text: rows {@code [top, bottom)} and columns {@code [left, right)}. */
    public record Line(int left, int top, int right, int bottom) {
        /** @return the band cut out of {@code image} */
        public Image crop(Image image) {
            int width = right - left;
            int height = bottom - top;
            int channels = image.channels();
            byte[] src = image.pixels();
            byte[] out = new byte[width * height * channels];
            for (int y = 0; y < height; y++) {
                System.arraycopy(src, ((top + y) * image.width() + left) * channels, out, y * width * channels,
                        width * channels);
            }
            return Image.wrap(out, width, height, channels, image.source());
        }
    }

    /**
     * @param image any picture
     * @return its text bands, top to bottom; empty when nothing stands out (a blank picture)
     */
    public List<Line> find(Image image) {
        Image gray = image.toGray();
        int w = gray.width();
        int h = gray.height();
        byte[] p = gray.pixels();
        double[] rows = new double[h];
        double total = 0;
        for (int y = 0; y < h; y++) {
            double sum = 0;
            for (int x = 1; x < w; x++) {
                sum += Math.abs((p[y * w + x] & 0xff) - (p[y * w + x - 1] & 0xff));
            }
            rows[y] = sum / Math.max(1, w - 1);
            total += rows[y];
        }
        double mean = total / h;
        double max = 0;
        for (double r : rows) {
            max = Math.max(max, r);
        }
        if (max < 2) {
            return List.of(); // flat picture: no strokes anywhere
        }
        // a row is text when its strokes stand out from the picture's average and from faint texture
        double threshold = Math.max(mean * 1.2, max * 0.15);
        List<Line> lines = new ArrayList<>();
        int y = 0;
        while (y < h) {
            if (rows[y] < threshold) {
                y++;
                continue;
            }
            int top = y;
            int gap = 0;
            while (y < h && gap <= 2) {
                gap = rows[y] < threshold ? gap + 1 : 0;
                y++;
            }
            int bottom = y - gap;
            // the run above the threshold is the x-height core; ascenders and descenders show fainter strokes
            double faint = Math.max(mean * 0.3, max * 0.03);
            while (top > 0 && rows[top - 1] >= faint && (lines.isEmpty() || top > lines.get(lines.size() - 1).bottom())) {
                top--;
            }
            while (bottom < h && rows[bottom] >= faint && rows[bottom] < threshold) {
                bottom++;
            }
            y = Math.max(y, bottom);
            if (bottom - top >= minHeight) {
                lines.add(padded(p, w, h, top, bottom));
            }
        }
        return lines;
    }

    private static Line padded(byte[] p, int w, int h, int top, int bottom) {
        int pad = Math.max(1, (bottom - top) / 5);
        int t = Math.max(0, top - pad);
        int b = Math.min(h, bottom + pad);
        // columns whose vertical run of gradient inside the band shows strokes
        double[] cols = new double[w];
        double max = 0;
        for (int x = 1; x < w; x++) {
            for (int y = top; y < bottom; y++) {
                cols[x] += Math.abs((p[y * w + x] & 0xff) - (p[y * w + x - 1] & 0xff));
            }
            max = Math.max(max, cols[x]);
        }
        int left = 0;
        while (left < w - 1 && cols[left] < max * 0.05) {
            left++;
        }
        int right = w;
        while (right > left + 1 && cols[right - 1] < max * 0.05) {
            right--;
        }
        int hpad = b - t;
        return new Line(Math.max(0, left - hpad / 2), t, Math.min(w, right + hpad / 2), b);
    }
}
