import io.promptwave.vision.Image;
import io.promptwave.vision.preprocess.AugmentationConfig;
import io.promptwave.vision.preprocess.ImageAugmenter;
import io.promptwave.vision.opencv.ImageTransforms;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Draws the bundled sample images and video: a screenshot of a text line, a photo-like degraded
 * copy of it, and a short MP4 with two captions burnt in. Run by make_samples.sh; the committed
 * files are the reference, and nothing at build or test time runs this.
 */
public class MakeSamples {
    static final String LINE = "Promptwave reads this line of text.";

    public static void main(String[] args) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        BufferedImage screenshot = textLine(LINE, new Font("DejaVu Sans", Font.PLAIN, 22), 36,
                new Color(0x20, 0x20, 0x20), Color.WHITE);
        ImageIO.write(screenshot, "png", new File("line-screenshot.png"));

        // a printout photographed: larger, turned a little, warped, blurred, noisy, low-contrast, JPEG
        BufferedImage big = textLine(LINE, new Font("DejaVu Serif", Font.PLAIN, 44), 80, Color.BLACK,
                new Color(0xf2, 0xee, 0xe4));
        Image photo = ImageTransforms.rotated(toImage(big), 2.0);
        AugmentationConfig degrade = AugmentationConfig.none().toBuilder().perspective(1, 0.06).blur(1, 1.4)
                .contrast(1, 0.5).noise(1, 0.05).build();
        photo = new ImageAugmenter(degrade).augment(photo, 7);
        photo = ImageTransforms.jpegRoundTrip(photo, 35);
        ImageIO.write(toBuffered(photo), "jpg", new File("line-photo.jpg"));

        captions("captions.mp4", new String[] {"the first caption", "and then the second one"});
    }

    static BufferedImage textLine(String text, Font font, int height, Color ink, Color paper) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D p = probe.createGraphics();
        int width = p.getFontMetrics(font).stringWidth(text) + height;
        p.dispose();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(paper);
        g.fillRect(0, 0, width, height);
        g.setColor(ink);
        g.setFont(font);
        g.drawString(text, height / 2, height * 7 / 10);
        g.dispose();
        return image;
    }

    /** Three seconds at 10 frames per second, 320 x 120: each caption for half the time over a moving gradient. */
    static void captions(String file, String[] lines) throws Exception {
        int w = 320;
        int h = 120;
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(new File(file), w, h)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setFrameRate(10);
            recorder.setVideoBitrate(600_000);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.start();
            Font font = new Font("DejaVu Sans", Font.BOLD, 20);
            for (int i = 0; i < 30; i++) {
                BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = image.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setPaint(new GradientPaint(i * 8, 0, new Color(0x10, 0x30, 0x60), w, h, new Color(0x50, 0x20, 0x40)));
                g.fillRect(0, 0, w, h);
                g.setColor(Color.WHITE);
                g.setFont(font);
                String line = lines[i * lines.length / 30];
                int tw = g.getFontMetrics().stringWidth(line);
                g.drawString(line, (w - tw) / 2, h - 24);
                g.dispose();
                Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
                byte[] bgr = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
                ((ByteBuffer) frame.image[0]).put(bgr);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
    }

    static Image toImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = image.getRGB(x, y);
                int at = (y * w + x) * 3;
                rgb[at] = (byte) (c >> 16);
                rgb[at + 1] = (byte) (c >> 8);
                rgb[at + 2] = (byte) c;
            }
        }
        return Image.wrap(rgb, w, h, 3, "drawn");
    }

    static BufferedImage toBuffered(Image image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                out.setRGB(x, y, image.get(x, y, 0) << 16 | image.get(x, y, 1) << 8 | image.get(x, y, 2));
            }
        }
        return out;
    }
}
