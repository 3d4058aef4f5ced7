package io.promptwave.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.promptwave.vision.opencv.MatConversion;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Small pictures drawn in the tests, encoded by Java's ImageIO (an encoder other than OpenCV's). */
public final class TestImages {
    private TestImages() {
    }

    /** @return a 60 x 40 picture: left third red, middle third green, right third blue */
    public static BufferedImage threeBars() {
        BufferedImage image = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(255, 0, 0));
        g.fillRect(0, 0, 20, 40);
        g.setColor(new Color(0, 255, 0));
        g.fillRect(20, 0, 20, 40);
        g.setColor(new Color(0, 0, 255));
        g.fillRect(40, 0, 20, 40);
        g.dispose();
        return image;
    }

    /** @return the three bars drawn at {@code width} x {@code height} */
    public static BufferedImage threeBarsScaled(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.drawImage(threeBars(), 0, 0, width, height, null);
        g.dispose();
        return image;
    }

    /** @return black text on white, {@code height} pixels tall, as wide as the text needs */
    public static BufferedImage textLine(String text, int height) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, height * 2 / 3);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D p = probe.createGraphics();
        int width = p.getFontMetrics(font).stringWidth(text) + height / 2;
        p.dispose();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(font);
        g.drawString(text, height / 4, height * 3 / 4);
        g.dispose();
        return image;
    }

    /** @return the picture encoded by ImageIO as {@code format} (png, jpg, bmp, tiff) */
    public static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("ImageIO has no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the picture as an RGB {@link Image} */
    public static Image toImage(BufferedImage image, String source) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                pixels[i] = (byte) (rgb >> 16);
                pixels[i + 1] = (byte) (rgb >> 8);
                pixels[i + 2] = (byte) rgb;
            }
        }
        return Image.wrap(pixels, w, h, 3, source);
    }

    /** @return the image encoded by OpenCV under the extension {@code ext} (".webp", ...) */
    public static byte[] encodeWithOpenCv(Image image, String ext) {
        // OpenCV encoders read BGR; swap so the file holds the image's true colours
        byte[] rgb = image.pixels();
        if (image.channels() == 3) {
            for (int i = 0; i < rgb.length; i += 3) {
                byte r = rgb[i];
                rgb[i] = rgb[i + 2];
                rgb[i + 2] = r;
            }
        }
        Image bgr = Image.wrap(rgb, image.width(), image.height(), image.channels(), image.source());
        try (Mat mat = MatConversion.toMat(bgr); BytePointer out = new BytePointer()) {
            if (!imencode(ext, mat, out)) {
                throw new IllegalStateException("OpenCV could not encode " + ext);
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }
}
