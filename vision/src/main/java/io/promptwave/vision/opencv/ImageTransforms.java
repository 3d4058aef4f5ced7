package io.promptwave.vision.opencv;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import io.promptwave.vision.Image;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The geometric and photometric operations the vision module borrows from OpenCV, each taking and
 * returning a Promptwave {@link Image}. Every native object is closed before the call returns.
 * Edges are filled by repeating the border pixels, so a rotated or warped text line never gains
 * black corners that look like ink.
 */
public final class ImageTransforms {
    private ImageTransforms() {
    }

    /**
     * @param width new width, positive
     * @param height new height, positive
     * @return the image scaled to that size: area averaging when shrinking, bilinear when growing
     */
    public static Image resized(Image image, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("cannot resize to " + width + " x " + height);
        }
        if (width == image.width() && height == image.height()) {
            return image;
        }
        boolean shrinking = (long) width * height < (long) image.width() * image.height();
        try (Mat src = MatConversion.toMat(image); Mat dst = new Mat(); Size size = new Size(width, height)) {
            resize(src, dst, size, 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
            return MatConversion.toImage(dst, image.source());
        }
    }

    /**
     * @param degrees counter-clockwise as the picture is seen
     * @return the image turned about its centre, same size
     */
    public static Image rotated(Image image, double degrees) {
        try (Point2f centre = new Point2f(image.width() / 2f, image.height() / 2f);
                Mat matrix = getRotationMatrix2D(centre, degrees, 1.0);
                Mat src = MatConversion.toMat(image);
                Mat dst = new Mat();
                Size size = new Size(image.width(), image.height());
                Scalar border = new Scalar(0)) {
            warpAffine(src, dst, matrix, size, INTER_LINEAR, BORDER_REPLICATE, border);
            return MatConversion.toImage(dst, image.source());
        }
    }

    /**
     * @param corners where the four corners go, as x, y pairs: top-left, top-right, bottom-right, bottom-left
     * @return the image warped so its corners land there, same size
     */
    public static Image warped(Image image, float[] corners) {
        if (corners.length != 8) {
            throw new IllegalArgumentException("need 4 corners (8 numbers), got " + corners.length);
        }
        float w = image.width() - 1;
        float h = image.height() - 1;
        float[] from = {0, 0, w, 0, w, h, 0, h};
        try (Point2f src = points(from);
                Point2f dst = points(corners);
                Mat matrix = getPerspectiveTransform(src, dst);
                Mat in = MatConversion.toMat(image);
                Mat out = new Mat();
                Size size = new Size(image.width(), image.height());
                Scalar border = new Scalar(0)) {
            warpPerspective(in, out, matrix, size, INTER_LINEAR, BORDER_REPLICATE, border);
            return MatConversion.toImage(out, image.source());
        }
    }

    /** @return the image blurred by a Gaussian of {@code sigma} pixels (kernel sized from sigma) */
    public static Image blurred(Image image, double sigma) {
        if (!(sigma > 0)) {
            return image;
        }
        try (Mat src = MatConversion.toMat(image); Mat dst = new Mat(); Size automatic = new Size(0, 0)) {
            GaussianBlur(src, dst, automatic, sigma, sigma, BORDER_REPLICATE, 0);
            return MatConversion.toImage(dst, image.source());
        }
    }

    /** @return the image after a round trip through JPEG at {@code quality} (1-100) */
    public static Image jpegRoundTrip(Image image, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality is 1 to 100, got " + quality);
        }
        try (Mat src = MatConversion.toMat(image);
                BytePointer encoded = new BytePointer();
                IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
            if (!imencode(".jpg", src, encoded, params)) {
                throw new IllegalStateException("OpenCV could not encode a JPEG of " + image);
            }
            try (Mat buffer = new Mat(encoded); Mat decoded = imdecode(buffer, IMREAD_UNCHANGED)) {
                // the channel order is irrelevant here: encoding and decoding both take it as BGR
                return MatConversion.toImage(decoded, image.source());
            }
        }
    }

    private static Point2f points(float[] xy) {
        Point2f points = new Point2f(xy.length / 2);
        for (int i = 0; i < xy.length / 2; i++) {
            points.position(i).x(xy[2 * i]).y(xy[2 * i + 1]);
        }
        return points.position(0);
    }
}
