package io.promptwave.audio.decode;

import io.promptwave.audio.AudioFormatException;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes every container and codec FFmpeg reads (MP3, Ogg Vorbis, Opus, FLAC, M4A/AAC, WebM, ...)
 * through JavaCV's {@link FFmpegFrameGrabber}, one decoded frame at a time, averaging the
 * channels to mono. The grabber's native memory is released on {@link #close()}, and on every
 * failure before this object is returned.
 */
final class FfmpegStream implements PcmStream {
    static {
        // FFmpeg prints its own diagnostics on stderr; we report failures ourselves, one line each.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private final FFmpegFrameGrabber grabber;
    private final String source;
    private final int sampleRate;
    private final long declaredLength;
    private float[] pending = new float[0];
    private int pendingStart;
    private int pendingEnd;
    private long samplesRead;
    private boolean ended;

    private FfmpegStream(FFmpegFrameGrabber grabber, String source) {
        this.grabber = grabber;
        this.source = source;
        this.sampleRate = grabber.getSampleRate();
        long micros = grabber.getLengthInTime();
        this.declaredLength = micros > 0 ? Math.round(micros / 1e6 * sampleRate) : -1;
    }

    /**
     * Opens {@code file} and checks that it holds an audio stream.
     *
     * @throws AudioFormatException when FFmpeg cannot read it or it has no audio
     */
    static FfmpegStream open(Path file, String source) throws AudioFormatException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        try {
            grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
            grabber.start();
            if (grabber.getAudioStream() < 0 || grabber.getAudioChannels() <= 0) {
                throw new AudioFormatException(source, "no audio stream (format: " + describeFormat(grabber) + ")");
            }
            if (grabber.getSampleRate() <= 0) {
                throw new AudioFormatException(source, "audio stream declares a sample rate of "
                        + grabber.getSampleRate() + " Hz");
            }
            return new FfmpegStream(grabber, source);
        } catch (FrameGrabber.Exception e) {
            release(grabber);
            throw new AudioFormatException(source, "not audio FFmpeg can decode (" + ffmpegReason(e) + ")", e);
        } catch (AudioFormatException | RuntimeException e) {
            release(grabber);
            throw e;
        }
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public long declaredLength() {
        return declaredLength;
    }

    @Override
    public int read(float[] target, int offset, int length) throws AudioFormatException, IOException {
        while (pendingStart == pendingEnd) {
            if (ended || !decodeNextFrame()) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(length, pendingEnd - pendingStart);
        System.arraycopy(pending, pendingStart, target, offset, n);
        pendingStart += n;
        return n;
    }

    /** @return false at the end of the stream */
    private boolean decodeNextFrame() throws AudioFormatException {
        Frame frame;
        try {
            frame = grabber.grabSamples();
        } catch (FrameGrabber.Exception e) {
            throw new AudioFormatException(source, "decoding failed after " + samplesRead + " samples ("
                    + ffmpegReason(e) + ")", e);
        }
        if (frame == null) {
            return false;
        }
        if (frame.samples == null || frame.samples.length == 0) {
            pendingStart = pendingEnd = 0;
            return true;
        }
        int channels = Math.max(1, frame.audioChannels);
        Buffer[] planes = frame.samples;
        int frames = planes.length == 1 ? planes[0].remaining() / channels : planes[0].remaining();
        if (pending.length < frames) {
            pending = new float[frames];
        }
        if (planes.length == 1) {
            FloatBuffer interleaved = asFloats(planes[0]);
            int base = interleaved.position();
            for (int i = 0; i < frames; i++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += interleaved.get(base + i * channels + c);
                }
                pending[i] = sum / channels;
            }
        } else {
            for (int i = 0; i < frames; i++) {
                pending[i] = 0;
            }
            for (Buffer plane : planes) {
                FloatBuffer samples = asFloats(plane);
                int base = samples.position();
                for (int i = 0; i < frames; i++) {
                    pending[i] += samples.get(base + i);
                }
            }
            for (int i = 0; i < frames; i++) {
                pending[i] /= planes.length;
            }
        }
        samplesRead += frames;
        pendingStart = 0;
        pendingEnd = frames;
        return true;
    }

    private FloatBuffer asFloats(Buffer buffer) throws AudioFormatException {
        if (!(buffer instanceof FloatBuffer)) {
            throw new AudioFormatException(source, "FFmpeg returned " + buffer.getClass().getSimpleName()
                    + " samples where float samples were requested");
        }
        return (FloatBuffer) buffer;
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

    private static String describeFormat(FFmpegFrameGrabber grabber) {
        String format = grabber.getFormat();
        return format == null || format.isEmpty() ? "unknown" : format;
    }

    /** Keeps the part of JavaCV's message that says what FFmpeg saw, without the call syntax. */
    private static String ffmpegReason(FrameGrabber.Exception e) {
        String message = e.getMessage() == null ? "unknown error" : e.getMessage();
        int hint = message.indexOf(" (Has setFormat()");
        if (hint >= 0) {
            message = message.substring(0, hint);
        }
        return message.replaceAll("\\s+", " ").trim();
    }
}
