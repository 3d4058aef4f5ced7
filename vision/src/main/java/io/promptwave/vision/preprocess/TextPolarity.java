package io.promptwave.vision.preprocess;

import io.promptwave.vision.Image;

/**
 * Makes a gray text line dark on light, the way the reading corpus draws it: a caption burnt into
 * video or a dark-mode screenshot has light text on a dark background. The background covers most
 * of a line's pixels, so the median brightness says which is which: below mid-gray, the line is
 * inverted.
 */
final class TextPolarity {
    private TextPolarity() {
    }

    /**
     * @param gray a one-channel line
     * @return it, or its negative when its background is dark
     */
    static Image darkOnLight(Image gray) {
        byte[] pixels = gray.pixels();
        int[] histogram = new int[256];
        for (byte p : pixels) {
            histogram[p & 0xff]++;
        }
        int seen = 0;
        int median = 0;
        while (median < 255 && (seen += histogram[median]) * 2 < pixels.length) {
            median++;
        }
        if (median >= 128) {
            return gray;
        }
        byte[] inverted = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            inverted[i] = (byte) (255 - (pixels[i] & 0xff));
        }
        return Image.wrap(inverted, gray.width(), gray.height(), 1, gray.source());
    }
}
