package io.promptwave.vision.video;

import io.promptwave.features.InputFile;
import io.promptwave.vision.Image;
import io.promptwave.vision.ImageFormatException;
import io.promptwave.vision.decode.ColorMode;
import io.promptwave.vision.decode.ImageDecodeOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads the frames a {@link FrameSampling} keeps from a video file (MP4, WebM, MKV, AVI, MOV and
 * whatever else FFmpeg demuxes), one at a time, so a long video never sits in memory. Frames
 * arrive in time order as {@link Image}s in the options' colour mode.
 *
 * <p>Holds FFmpeg's native decoder until {@link #close()}; every failure to open releases it
 * before the exception leaves. Not thread-safe: one reader per thread.
 */
public final class VideoFrameReader implements AutoCloseable {
    private static final int THUMBNAIL = 16;

    static {
        // FFmpeg prints its own diagnostics on stderr; we report failures ourselves, one line each
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private final FFmpegFrameGrabber grabber;
    private final String source;
    private final FrameSampling sampling;
    private final ColorMode colorMode;
    private double nextTime;
    private float[] lastThumbnail;
    private int framesDecoded;

    /** Clockwise quarter turns that make a stored frame upright (a phone's portrait clip: 1). */
    private final int quarterTurns;

    private VideoFrameReader(FFmpegFrameGrabber grabber, String source, FrameSampling sampling, ColorMode colorMode,
            int quarterTurns) {
        this.grabber = grabber;
        this.source = source;
        this.sampling = sampling;
        this.colorMode = colorMode;
        this.quarterTurns = quarterTurns;
    }

    /**
     * @param counterClockwiseDegrees the display rotation a video stores (FFmpeg's display matrix: the
     *     angle to turn a stored frame counter-clockwise to show it; phones write -90 for portrait)
     * @return clockwise quarter turns, 0 to 3, to the nearest quarter
     */
    static int quarterTurns(double counterClockwiseDegrees) {
        if (!Double.isFinite(counterClockwiseDegrees)) {
            return 0;
        }
        long turns = Math.round(-counterClockwiseDegrees / 90.0);
        return (int) (((turns % 4) + 4) % 4);
    }

    /**
     * Opens a video and checks it has a video stream of an acceptable size.
     *
     * @param file the video
     * @param sampling which frames to keep
     * @param options colour mode and the largest frame size accepted
     * @return a reader positioned before the first frame; the caller closes it
     * @throws ImageFormatException when FFmpeg cannot read the file, it has no video stream, or
     *     its frames are larger than the options allow
     * @throws IOException when the file cannot be read (missing, a directory, no permission, empty)
     */
    public static VideoFrameReader open(Path file, FrameSampling sampling, ImageDecodeOptions options)
            throws ImageFormatException, IOException {
        String source = file.toString();
        InputFile.requireReadable(file, "a video file");
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        try {
            grabber.setPixelFormat(options.colorMode() == ColorMode.GRAY ? avutil.AV_PIX_FMT_GRAY8
                    : avutil.AV_PIX_FMT_RGB24);
            grabber.start();
            if (!grabber.hasVideo()) {
                throw new ImageFormatException(source, "no video stream (format: " + grabber.getFormat() + ")");
            }
            long pixels = (long) grabber.getImageWidth() * grabber.getImageHeight();
            if (pixels > options.maxPixels()) {
                throw new ImageFormatException(source, "video frames of " + grabber.getImageWidth() + " x "
                        + grabber.getImageHeight() + " pixels are larger than the limit of " + options.maxPixels());
            }
            // the video counterpart of a photo's EXIF orientation, honoured under the same option
            int turns = options.applyOrientation() ? quarterTurns(grabber.getDisplayRotation()) : 0;
            return new VideoFrameReader(grabber, source, sampling, options.colorMode(), turns);
        } catch (FrameGrabber.Exception e) {
            release(grabber);
            throw new ImageFormatException(source, "not a video FFmpeg can decode (" + reason(e) + ")", e);
        } catch (ImageFormatException | RuntimeException e) {
            release(grabber);
            throw e;
        }
    }

    /**
     * Reads a whole video's kept frames.
     *
     * @param maxFrames the most frames to keep; a video with more is refused rather than cut short
     * @return the kept frames in time order
     * @throws ImageFormatException as {@link #open} does, when decoding fails midway, or when more
     *     than {@code maxFrames} frames would be kept
     * @throws IOException when the file cannot be read
     */
    public static List<VideoFrame> readAll(Path file, FrameSampling sampling, ImageDecodeOptions options,
            int maxFrames) throws ImageFormatException, IOException {
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoFrameReader reader = open(file, sampling, options)) {
            for (VideoFrame frame = reader.next(); frame != null; frame = reader.next()) {
                if (frames.size() == maxFrames) {
                    throw new ImageFormatException(file.toString(), "more than " + maxFrames + " frames at "
                            + sampling + "; sample less often");
                }
                frames.add(frame);
            }
        }
        return frames;
    }

    /** @return the frame rate the video declares, frames per second */
    public double frameRate() {
        return grabber.getFrameRate();
    }

    /** @return the duration the video declares, in seconds, or a negative number if unknown */
    public double durationSeconds() {
        long micros = grabber.getLengthInTime();
        return micros > 0 ? micros / 1e6 : -1;
    }

    /**
     * @return the next kept frame, or {@code null} after the last
     * @throws ImageFormatException when FFmpeg fails on a frame (the message says how far it got), or
     *     when the video ends before a single frame could be decoded
     */
    public VideoFrame next() throws ImageFormatException {
        while (true) {
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (FrameGrabber.Exception e) {
                throw new ImageFormatException(source, "decoding failed after " + framesDecoded + " frames ("
                        + reason(e) + ")", e);
            }
            if (frame == null) {
                if (framesDecoded == 0) {
                    // FFmpeg opens some files it cannot decode (text named .png, a damaged stream) and
                    // then yields nothing: that is a bad input, not an empty video
                    throw new ImageFormatException(source, "no video frame could be decoded (format "
                            + grabber.getFormat() + ")");
                }
                return null;
            }
            framesDecoded++;
            double time = Math.max(0, frame.timestamp / 1e6);
            if (keep(frame, time)) {
                String label = String.format(Locale.ROOT, "%s@%.3fs", source, time);
                return new VideoFrame(time, toImage(frame, label));
            }
        }
    }

    private boolean keep(Frame frame, double time) {
        if (!sampling.atSceneChanges()) {
            if (time + 1e-6 < nextTime) {
                return false;
            }
            // the next kept frame is the first at or after the next multiple of the interval
            double interval = sampling.intervalSeconds();
            nextTime = (Math.floor(time / interval + 1e-6) + 1) * interval;
            return true;
        }
        float[] thumbnail = thumbnail(frame);
        if (lastThumbnail != null && meanDifference(thumbnail, lastThumbnail) <= sampling.sceneThreshold()) {
            return false;
        }
        lastThumbnail = thumbnail;
        return true;
    }

    /** The mean luma of each cell of a 16 x 16 grid over the frame, 0 to 1. */
    private float[] thumbnail(Frame frame) {
        int width = frame.imageWidth;
        int height = frame.imageHeight;
        int channels = frame.imageChannels;
        ByteBuffer data = (ByteBuffer) frame.image[0];
        float[] sums = new float[THUMBNAIL * THUMBNAIL];
        int[] counts = new int[sums.length];
        for (int y = 0; y < height; y++) {
            int row = y * frame.imageStride;
            int cellRow = y * THUMBNAIL / height * THUMBNAIL;
            for (int x = 0; x < width; x++) {
                int at = row + x * channels;
                int luma = channels == 1 ? data.get(at) & 0xff
                        : Image.luma(data.get(at) & 0xff, data.get(at + 1) & 0xff, data.get(at + 2) & 0xff);
                int cell = cellRow + x * THUMBNAIL / width;
                sums[cell] += luma;
                counts[cell]++;
            }
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] = counts[i] == 0 ? 0 : sums[i] / counts[i] / 255f;
        }
        return sums;
    }

    private static double meanDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    private Image toImage(Frame frame, String label) {
        int width = frame.imageWidth;
        int height = frame.imageHeight;
        int channels = colorMode == ColorMode.GRAY ? 1 : 3;
        int rowBytes = width * channels;
        byte[] pixels = new byte[rowBytes * height];
        ByteBuffer data = ((ByteBuffer) frame.image[0]).duplicate();
        for (int y = 0; y < height; y++) {
            data.position(y * frame.imageStride);
            data.get(pixels, y * rowBytes, rowBytes);
        }
        Image stored = Image.wrap(pixels, width, height, channels, label);
        return quarterTurns == 0 ? stored : stored.turnedClockwise(quarterTurns);
    }

    @Override
    public void close() {
        release(grabber);
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            // the native context is freed even when stopping reports an error
        }
    }

    /** Keeps the part of JavaCV's message that says what FFmpeg saw, without the call syntax. */
    private static String reason(FrameGrabber.Exception e) {
        String message = e.getMessage() == null ? "unknown error" : e.getMessage();
        int hint = message.indexOf(" (Has setFormat()");
        if (hint >= 0) {
            message = message.substring(0, hint);
        }
        return message.replaceAll("\\s+", " ").trim();
    }
}
