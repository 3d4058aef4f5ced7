package io.promptwave.vision.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promptwave.vision.Image;
import io.promptwave.vision.ImageFormatException;
import io.promptwave.vision.TestImages;
import io.promptwave.vision.opencv.ImageTransforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineNormalizerTest {
    private static final Image LINE = TestImages.toImage(
            TestImages.textLine("the quick brown fox jumps over the lazy dog", 64), "line.png");

    @Test
    void scalesToTheHeightKeepingTheAspectRatioInGray() throws ImageFormatException {
        Image normal = LineNormalizer.builder().height(32).build().normalize(LINE);
        assertEquals(32, normal.height());
        assertEquals(Math.round(LINE.width() / 2.0), normal.width());
        assertEquals(1, normal.channels());
        assertEquals("line.png", normal.source());
        // the white margin stays white, the text stays dark
        assertEquals(255, normal.get(2, 2, 0), 3);
        int darkest = 255;
        for (int x = 0; x < normal.width(); x++) {
            darkest = Math.min(darkest, normal.get(x, 20, 0));
        }
        assertEquals(0, darkest, 60);
    }

    @Test
    void lightTextOnADarkBackgroundIsTurnedDarkOnLight() throws ImageFormatException {
        Image gray = LINE.toGray();
        byte[] negative = gray.pixels();
        for (int i = 0; i < negative.length; i++) {
            negative[i] = (byte) (255 - (negative[i] & 0xff));
        }
        LineNormalizer normalizer = LineNormalizer.builder().height(32).build();
        Image fromNegative = normalizer.normalize(Image.wrap(negative, gray.width(), gray.height(), 1, "caption"));
        // a caption burnt into video reads exactly like the same line printed
        assertEquals(java.util.Arrays.toString(normalizer.normalize(gray).pixels()),
                java.util.Arrays.toString(fromNegative.pixels()));
        assertEquals(255, fromNegative.get(2, 2, 0), 3);
    }

    @Test
    void refusesALineWiderThanTheLimit() {
        LineNormalizer narrow = LineNormalizer.builder().height(32).maxWidth(100).build();
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> narrow.normalize(LINE));
        assertEquals("line.png: a line of " + LINE.width() + " x 64 pixels is " + Math.round(LINE.width() / 2.0)
                + " pixels wide at height 32, more than the limit of 100 (is it one line of text?)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-4, -1.5, 2.5, 6})
    void estimatesHowFarALineIsTurned(double degrees) {
        Image page = padded(LINE);
        Image turned = ImageTransforms.rotated(page, degrees);
        assertEquals(degrees, new SkewEstimator(10).estimateDegrees(turned), 0.3);
    }

    @Test
    void deskewingStraightensTheLine() throws ImageFormatException {
        Image turned = ImageTransforms.rotated(padded(LINE), 5);
        Image straight = LineNormalizer.builder().height(48).deskew(10).build().normalize(turned);
        assertEquals(0, new SkewEstimator(10).estimateDegrees(straight), 0.3);
        assertEquals(0, new SkewEstimator(10).estimateDegrees(Image.of(new byte[100], 10, 10, 1, "blank")));
    }

    @Test
    void refusesNonsenseSettings() {
        assertEquals("line height must be 8 to 512 pixels, got 4",
                assertThrows(IllegalArgumentException.class, () -> LineNormalizer.builder().height(4)).getMessage());
        assertEquals("deskew range must be 0 to 45 degrees, got 60",
                assertThrows(IllegalArgumentException.class, () -> LineNormalizer.builder().deskew(60)).getMessage()
                        .replace("60.0", "60"));
    }

    /** The line on a white page three times its height, so turning it keeps all the text in view. */
    private static Image padded(Image line) {
        int w = line.width();
        int h = line.height() * 3;
        byte[] pixels = new byte[w * h * 3];
        java.util.Arrays.fill(pixels, (byte) 255);
        byte[] src = line.pixels();
        System.arraycopy(src, 0, pixels, w * line.height() * 3, src.length);
        return Image.wrap(pixels, w, h, 3, line.source());
    }
}
