package io.promptwave.vision.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.vision.Image;
import io.promptwave.vision.TestImages;
import io.promptwave.vision.decode.ImageDecoder;
import io.promptwave.vision.video.FrameSampling;
import io.promptwave.vision.video.VideoFrame;
import io.promptwave.vision.video.VideoFrameReader;
import io.promptwave.vision.decode.ImageDecodeOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextLineFinderTest {
    private final TextLineFinder finder = new TextLineFinder(6);

    @Test
    void findsEachLineOfAPage() {
        Image first = TestImages.toImage(TestImages.textLine("the first line of the page", 40), "a");
        Image second = TestImages.toImage(TestImages.textLine("and a second, shorter", 40), "b");
        // a white page: 30 rows of margin, line one, 50 rows, line two, 30 rows
        int w = Math.max(first.width(), second.width()) + 40;
        int h = 30 + 40 + 50 + 40 + 30;
        byte[] page = new byte[w * h * 3];
        java.util.Arrays.fill(page, (byte) 255);
        paste(page, w, first, 20, 30);
        paste(page, w, second, 20, 120);
        List<TextLineFinder.Line> lines = finder.find(Image.wrap(page, w, h, 3, "page"));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).top() <= 30 + 10 && lines.get(0).bottom() >= 30 + 32, lines.get(0).toString());
        assertTrue(lines.get(1).top() >= 30 + 40 && lines.get(1).top() <= 120 + 10, lines.get(1).toString());
        assertTrue(lines.get(1).right() < lines.get(0).right(), "the shorter line is cropped shorter: " + lines);
    }

    @Test
    void findsTheCaptionOfAVideoFrameAndNothingOnABlankPicture() throws Exception {
        List<VideoFrame> frames = VideoFrameReader.readAll(Path.of("../samples/images/captions.mp4"),
                FrameSampling.perSecond(1), ImageDecodeOptions.defaults(), 10);
        Image frame = frames.get(0).image();
        List<TextLineFinder.Line> lines = finder.find(frame);
        assertEquals(1, lines.size(), lines.toString());
        // the caption's baseline is 24 pixels above the bottom of the 120-pixel frame
        assertTrue(lines.get(0).top() > 60 && lines.get(0).bottom() <= 120, lines.get(0).toString());
        Image crop = lines.get(0).crop(frame);
        assertEquals(lines.get(0).right() - lines.get(0).left(), crop.width());
        assertEquals(List.of(), finder.find(Image.of(new byte[64 * 32], 64, 32, 1, "blank")));
    }

    @Test
    void aSingleLinePictureIsOneBand() throws Exception {
        Image line = new ImageDecoder().decode(Path.of("../samples/images/line-screenshot.png"));
        List<TextLineFinder.Line> lines = finder.find(line);
        assertEquals(1, lines.size());
        // drawn 22 pixels tall with its baseline at row 25: capitals start near row 9
        assertTrue(lines.get(0).top() <= 8 && lines.get(0).bottom() >= 27, lines.toString());
    }

    private static void paste(byte[] page, int pageWidth, Image image, int left, int top) {
        byte[] src = image.pixels();
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(src, y * image.width() * 3, page, ((top + y) * pageWidth + left) * 3, image.width() * 3);
        }
    }
}
