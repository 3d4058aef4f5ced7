package io.promptwave.vision.decode;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.promptwave.features.InputFile;
import io.promptwave.vision.Image;
import io.promptwave.vision.ImageFormatException;
import io.promptwave.vision.opencv.MatConversion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes PNG, JPEG, WebP, BMP and TIFF files into {@link Image}s with OpenCV.
 *
 * <p>The format is recognised from the bytes, and the file's structure is checked by
 * {@link ImageHeader} before OpenCV sees it: a truncated file, a file of another kind, or an image
 * above {@link ImageDecodeOptions#maxPixels()} fails with an {@link ImageFormatException} that
 * names the input, and no pixel memory is allocated for it. The EXIF orientation of a JPEG, PNG,
 * WebP or TIFF turns and mirrors the picture upright unless the options say otherwise. A transparent PNG or WebP is laid on white, as a
 * viewer shows it: dark text on a transparent background would otherwise read as black on black.
 * Native memory is released before each call returns, whether it succeeds or fails.
 *
 * <p>Thread-safe: calls share nothing.
 */
public final class ImageDecoder {
    private final ImageDecodeOptions options;

    /** A decoder with {@link ImageDecodeOptions#defaults()}. */
    public ImageDecoder() {
        this(ImageDecodeOptions.defaults());
    }

    /** @param options colour mode and limits */
    public ImageDecoder(ImageDecodeOptions options) {
        this.options = java.util.Objects.requireNonNull(options, "options");
    }

    /** @return the options this decoder applies */
    public ImageDecodeOptions options() {
        return options;
    }

    /**
     * @param file an image file
     * @return its pixels, upright, in the options' colour mode
     * @throws ImageFormatException when the file is not a complete image of a supported format, or too large
     * @throws IOException when the file cannot be read (missing, a directory, no permission)
     */
    public Image decode(Path file) throws ImageFormatException, IOException {
        String source = file.toString();
        long size = InputFile.requireReadable(file, "an image file");
        if (size > options.maxBytes()) {
            throw new ImageFormatException(source, "file of " + size + " bytes is larger than the limit of "
                    + options.maxBytes());
        }
        return decode(Files.readAllBytes(file), source);
    }

    /**
     * @param bytes a whole image file
     * @param source the label to name in errors and to carry on the image
     * @return its pixels, upright, in the options' colour mode
     * @throws ImageFormatException when the bytes are not a complete image of a supported format, or too large
     */
    public Image decode(byte[] bytes, String source) throws ImageFormatException {
        if (bytes.length > options.maxBytes()) {
            throw new ImageFormatException(source, "input of " + bytes.length + " bytes is larger than the limit of "
                    + options.maxBytes());
        }
        ImageHeader header = ImageHeader.read(bytes, source);
        if (header.pixels() > options.maxPixels()) {
            throw new ImageFormatException(source, String.format(Locale.ROOT,
                    "%s of %d x %d pixels (%.2f million) is larger than the limit of %.2f million", header.format(),
                    header.width(), header.height(), header.pixels() / 1e6, options.maxPixels() / 1e6));
        }
        // always decode to RGB and take the luma here: each codec's own gray conversion (libpng's,
        // libjpeg's) rounds differently, and one image should give one gray whatever its format.
        // Orientation is never left to the codecs, which differ (see ExifOrientation): they are
        // told to ignore it, a TIFF's tag is cleared (libtiff would turn some layouts regardless),
        // and the picture is turned here
        byte[] undirected = header.format() == ImageFormat.TIFF ? ExifOrientation.clearedInTiff(bytes) : bytes;
        // (IMREAD_UNCHANGED, for the alpha channel, never turns: OpenCV applies EXIF only without it)
        int flags = header.transparent() ? IMREAD_UNCHANGED : IMREAD_COLOR_RGB | IMREAD_IGNORE_ORIENTATION;
        try (BytePointer data = new BytePointer(undirected);
                Mat encoded = new Mat(data);
                Mat decoded = imdecode(encoded, flags)) {
            if (decoded == null || decoded.empty()) {
                throw new ImageFormatException(source, "OpenCV could not decode this " + header.format()
                        + " (corrupt image data)");
            }
            Image image = header.transparent() ? MatConversion.onWhite(decoded, source)
                    : MatConversion.toImage(decoded, source);
            if (options.applyOrientation()) {
                image = ExifOrientation.upright(image, header.orientation());
            }
            return options.colorMode() == ColorMode.GRAY ? image.toGray() : image;
        } catch (RuntimeException e) {
            // OpenCV raises cv::Exception (a RuntimeException here) for data its codecs reject
            throw new ImageFormatException(source, "corrupt " + header.format() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "the codec failed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
