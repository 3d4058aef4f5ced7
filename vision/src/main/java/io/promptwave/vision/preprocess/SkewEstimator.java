package io.promptwave.vision.preprocess;

import io.promptwave.vision.Image;

/**
 * Estimates how far a text line or page is turned, by the projection-profile method: at the
 * right angle, the ink falls into few, dense rows, so the sum of squared row counts of the
 * sheared ink peaks. Ink is whichever side of the mid-gray threshold is the minority, so light
 * text on a dark background works as well as dark on light.
 *
 * <p>Immutable and thread-safe.
 */
public final class SkewEstimator {
    private static final int MAX_INK_POINTS = 200_000;

    private final double maxDegrees;

    /** @param maxDegrees the largest skew considered either way, above 0 and at most 45 */
    public SkewEstimator(double maxDegrees) {
        if (!(maxDegrees > 0 && maxDegrees <= 45)) {
            throw new IllegalArgumentException("max skew must be above 0 and at most 45 degrees, got " + maxDegrees);
        }
        this.maxDegrees = maxDegrees;
    }

    /**
     * @param image any image (colour is reduced to gray)
     * @return the angle the text is turned, counter-clockwise as seen, in degrees; 0 for a blank image
     */
    public double estimateDegrees(Image image) {
        Image gray = image.toGray();
        int[] ink = inkPoints(gray);
        if (ink.length < 4) {
            return 0;
        }
        double best = search(ink, gray, -maxDegrees, maxDegrees, 0.25);
        return search(ink, gray, Math.max(-maxDegrees, best - 0.25), Math.min(maxDegrees, best + 0.25), 0.02);
    }

    private static double search(int[] ink, Image gray, double from, double to, double step) {
        double bestAngle = 0;
        double bestScore = -1;
        int height = gray.height();
        int width = gray.width();
        // rows of the sheared picture can leave [0, height) by up to width * tan(max) either way
        int margin = (int) Math.ceil(width * Math.tan(Math.toRadians(Math.max(Math.abs(from), Math.abs(to))))) + 1;
        int[] rows = new int[height + 2 * margin];
        for (double angle = from; angle <= to + 1e-9; angle += step) {
            double tan = Math.tan(Math.toRadians(angle));
            java.util.Arrays.fill(rows, 0);
            double cx = width / 2.0;
            for (int i = 0; i < ink.length; i += 2) {
                // a line turned counter-clockwise rises to the right (y falls): shear it back flat
                int row = (int) Math.round(ink[i + 1] + (ink[i] - cx) * tan) + margin;
                if (row >= 0 && row < rows.length) {
                    rows[row]++;
                }
            }
            double score = 0;
            for (int count : rows) {
                score += (double) count * count;
            }
            if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && Math.abs(angle) < Math.abs(bestAngle))) {
                bestScore = score;
                bestAngle = angle;
            }
        }
        return bestAngle;
    }

    /** x, y pairs of the ink pixels, evenly thinned if there are very many. */
    private static int[] inkPoints(Image gray) {
        byte[] pixels = gray.pixels();
        int min = 255;
        int max = 0;
        for (byte p : pixels) {
            min = Math.min(min, p & 0xff);
            max = Math.max(max, p & 0xff);
        }
        if (max - min < 32) {
            return new int[0]; // no contrast, no text
        }
        int threshold = (min + max) / 2;
        int dark = 0;
        for (byte p : pixels) {
            if ((p & 0xff) < threshold) {
                dark++;
            }
        }
        boolean inkIsDark = dark <= pixels.length / 2;
        int count = inkIsDark ? dark : pixels.length - dark;
        int keepEvery = Math.max(1, count / MAX_INK_POINTS);
        int[] points = new int[2 * (count / keepEvery + 1)];
        int n = 0;
        int seen = 0;
        for (int i = 0; i < pixels.length; i++) {
            boolean isDark = (pixels[i] & 0xff) < threshold;
            if (isDark == inkIsDark && seen++ % keepEvery == 0 && n < points.length) {
                points[n++] = i % gray.width();
                points[n++] = i / gray.width();
            }
        }
        return java.util.Arrays.copyOf(points, n);
    }
}
