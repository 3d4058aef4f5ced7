package io.promptwave.vision.opencv;

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
        int width = mat.cols();
        int height = mat.rows();
        int rowBytes = width * channels;
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
        return Image.wrap(pixels, width, height, channels, source);
    }
}
