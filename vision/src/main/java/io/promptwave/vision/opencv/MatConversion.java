package io.promptwave.vision.opencv;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.promptwave.vision.Image;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Copies between Promptwave's {@link Image} and OpenCV's {@link Mat}. Only this module's code
 * calls it; a {@code Mat} it returns is the caller's to close.
 */
public final class MatConversion {
    private MatConversion() {
    }

    /** @return a new 8-bit matrix with the image's pixels (RGB order for colour images) */
    public static Mat toMat(Image image) {
        Mat mat = new Mat(image.height(), image.width(), image.channels() == 1 ? CV_8UC1 : CV_8UC3);
        byte[] pixels = image.pixels();
        mat.data().put(pixels, 0, pixels.length);
        return mat;
    }

    /**
     * @param mat an 8-bit matrix with 1 or 3 channels (RGB order), any row stride
     * @param source the label of the new image
     * @return a copy of the matrix's pixels
     */
    public static Image toImage(Mat mat, String source) {
        int channels = mat.channels();
        if (mat.depth() != 0 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("expected an 8-bit matrix with 1 or 3 channels, got depth "
                    + mat.depth() + " with " + channels + " channels");
        }
        return Image.wrap(bytes(mat), mat.cols(), mat.rows(), channels, source);
    }

    /** @return an 8-bit matrix's pixels row after row, without the padding of its row stride */
    private static byte[] bytes(Mat mat) {
        int rowBytes = mat.cols() * mat.channels();
        int height = mat.rows();
        byte[] pixels = new byte[rowBytes * height];
        BytePointer data = mat.data();
        long step = mat.step1() * mat.elemSize1();
        if (step == rowBytes) {
            data.get(pixels, 0, pixels.length);
        } else {
            for (int y = 0; y < height; y++) {
                data.position(y * step).get(pixels, y * rowBytes, rowBytes);
            }
            data.position(0);
        }
        return pixels;
    }

    /**
     * A decoded image as it looks on white: each pixel's colour blended with white by its alpha.
     *
     * @param mat a matrix as OpenCV decodes a file unchanged: 8 or 16 bits, 1 to 4 channels in BGR(A)
     *     order (gray, gray and alpha, BGR, BGRA)
     * @param source the label of the new image
     * @return an RGB image without alpha
     * @throws IllegalArgumentException for another depth or channel count
     */
    public static Image onWhite(Mat mat, String source) {
        int channels = mat.channels();
        if ((mat.depth() != CV_8U && mat.depth() != CV_16U) || channels < 1 || channels > 4) {
            throw new IllegalArgumentException("expected an 8- or 16-bit matrix with 1 to 4 channels, got depth "
                    + mat.depth() + " with " + channels + " channels");
        }
        Mat eight = mat;
        if (mat.depth() == CV_16U) {
            eight = new Mat();
            mat.convertTo(eight, CV_8U, 1 / 257.0, 0);
        }
        try {
            int width = eight.cols();
            int height = eight.rows();
            byte[] raw = bytes(eight);
            boolean colour = channels >= 3;
            boolean alpha = channels == 2 || channels == 4;
            byte[] rgb = new byte[width * height * 3];
            for (int i = 0, o = 0; i < raw.length; i += channels, o += 3) {
                int a = alpha ? raw[i + channels - 1] & 0xff : 255;
                for (int c = 0; c < 3; c++) {
                    // BGR(A) to RGB; a gray pixel gives all three
                    int v = raw[i + (colour ? 2 - c : 0)] & 0xff;
                    rgb[o + c] = (byte) ((v * a + 255 * (255 - a) + 127) / 255);
                }
            }
            return Image.wrap(rgb, width, height, 3, source);
        } finally {
            if (eight != mat) {
                eight.close();
            }
        }
    }
}
