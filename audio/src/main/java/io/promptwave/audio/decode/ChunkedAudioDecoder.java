package io.promptwave.audio.decode;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.resample.Resampler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Decodes audio that arrives in chunks of any size (a network stream) into mono samples at one
 * rate, as the chunks come. Either the chunks are a WAV file (its header is buffered until it is
 * complete, then checked by the same parser as WAV files) or they are headerless samples whose
 * encoding, rate and channels the caller states. A sample split between two chunks is kept until
 * its other half arrives. Memory stays bounded: at most one header and one frame are held back.
 * Not thread-safe: one decoder per stream.
 */
public final class ChunkedAudioDecoder {
    /** A WAV header longer than this is refused (real ones are under 100 bytes, plus metadata). */
    private static final int MAX_HEADER = 1 << 16;

    private final String source;
    private final int targetRate;
    private final double maxSeconds;
    private byte[] pending = new byte[0];
    private SampleEncoding encoding;
    private int channels;
    private int blockAlign;
    private Resampler resampler;
    private long inputFrames;
    private int inputRate;
    private boolean finished;

    /**
     * @param encoding how the chunks are laid out
     * @param sampleRate the rate of headerless samples (ignored for WAV)
     * @param channels the channels of headerless samples (ignored for WAV)
     * @param targetRate the rate of the samples returned
     * @param maxSeconds longest audio accepted, in seconds of input
     * @param source what to call the stream in messages
     * @throws AudioFormatException when headerless samples come without a valid rate or channel count
     */
    public ChunkedAudioDecoder(StreamEncoding encoding, int sampleRate, int channels, int targetRate,
            double maxSeconds, String source) throws AudioFormatException {
        this.source = source;
        this.targetRate = targetRate;
        this.maxSeconds = maxSeconds;
        if (encoding != StreamEncoding.WAV) {
            if (sampleRate < 1000 || sampleRate > 384_000) {
                throw new AudioFormatException(source, "headerless " + encoding + " audio needs its sample rate "
                        + "(1000 to 384000 Hz), got " + sampleRate);
            }
            if (channels < 1 || channels > 64) {
                throw new AudioFormatException(source, "headerless audio needs 1 to 64 channels, got " + channels);
            }
            start(encoding.samples(), sampleRate, channels);
        }
    }

    private void start(SampleEncoding samples, int rate, int frameChannels) {
        this.encoding = samples;
        this.channels = frameChannels;
        this.blockAlign = samples.bytes() * frameChannels;
        this.inputRate = rate;
        this.resampler = rate == targetRate ? null : new Resampler(rate, targetRate);
    }

    /** @return the rate of the input once known (for WAV, after its header), else 0 */
    public int inputRate() {
        return inputRate;
    }

    /** @return seconds of input decoded so far */
    public double inputSeconds() {
        return inputRate == 0 ? 0 : inputFrames / (double) inputRate;
    }

    /**
     * @param chunk the next bytes
     * @return the new samples at the target rate (possibly none)
     * @throws AudioFormatException when the WAV header is invalid, or the audio passes the maximum length
     */
    public float[] accept(byte[] chunk) throws AudioFormatException {
        if (finished) {
            throw new IllegalStateException(source + ": audio after the end of the stream");
        }
        byte[] bytes = concat(pending, chunk);
        int offset = 0;
        if (encoding == null) {
            int headerEnd = wavHeaderEnd(bytes);
            if (headerEnd < 0) {
                pending = bytes;
                return new float[0];
            }
            parseHeader(Arrays.copyOf(bytes, headerEnd));
            offset = headerEnd;
        }
        int frames = (bytes.length - offset) / blockAlign;
        pending = Arrays.copyOfRange(bytes, offset + frames * blockAlign, bytes.length);
        inputFrames += frames;
        if (inputSeconds() > maxSeconds) {
            throw new AudioFormatException(source, String.format(Locale.ROOT,
                    "the stream passed its limit of %.0f s of audio", maxSeconds));
        }
        float[] mono = new float[frames];
        encoding.decodeMono(bytes, offset, frames, channels, mono, 0);
        return resampler == null ? mono : resampler.process(mono, 0, mono.length, false);
    }

    /**
     * Ends the stream: the resampler's tail is flushed.
     *
     * @return the last samples
     * @throws AudioFormatException when the stream ended inside the WAV header
     */
    public float[] finish() throws AudioFormatException {
        if (finished) {
            return new float[0];
        }
        finished = true;
        if (encoding == null) {
            throw new AudioFormatException(source, pending.length == 0 ? "no audio bytes were sent"
                    : "the stream ended inside the WAV header, after " + pending.length + " bytes");
        }
        // a partial frame at the end is dropped, as a WAV reader drops it
        return resampler == null ? new float[0] : resampler.process(new float[0], 0, 0, true);
    }

    /**
     * Decodes headerless samples held in memory, in one go.
     *
     * @return the whole recording at {@code targetRate}
     * @throws AudioFormatException when the format is invalid, or the bytes hold no whole sample
     */
    public static PcmAudio decodeAll(byte[] data, StreamEncoding encoding, int sampleRate, int channels,
            int targetRate, double maxSeconds, String source) throws AudioFormatException {
        ChunkedAudioDecoder decoder = new ChunkedAudioDecoder(encoding, sampleRate, channels, targetRate, maxSeconds,
                source);
        float[] head = decoder.accept(data);
        float[] tail = decoder.finish();
        float[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        if (all.length == 0) {
            throw new AudioFormatException(source, "no audio samples (" + data.length + " bytes)");
        }
        return PcmAudio.wrap(all, targetRate, source);
    }

    private void parseHeader(byte[] header) throws AudioFormatException {
        try (WavStream wav = WavStream.open(new ByteArrayInputStream(header), source, -1)) {
            if (wav == null) {
                throw new AudioFormatException(source, "a compressed WAV (ADPCM, GSM, ...) cannot be streamed; "
                        + "send PCM, mu-law, A-law or float samples");
            }
            start(wav.encoding(), wav.sampleRate(), wav.channels());
        } catch (IOException e) {
            // a byte array does not fail to read
            throw new AudioFormatException(source, "unreadable WAV header: " + e.getMessage(), e);
        }
    }

    /**
     * @return where the samples start (just past the data chunk's header), or -1 when more bytes are needed
     * @throws AudioFormatException when the bytes are not a WAV file, or its header is too long
     */
    private int wavHeaderEnd(byte[] b) throws AudioFormatException {
        if (b.length >= 12 && !(WavStream.ascii(b, 0).equals("RIFF") && WavStream.ascii(b, 8).equals("WAVE"))) {
            throw new AudioFormatException(source, "the stream is not a WAV file (no RIFF/WAVE header); say the "
                    + "encoding and rate of headerless audio");
        }
        int pos = 12;
        while (pos + 8 <= b.length) {
            if (WavStream.ascii(b, pos).equals("data")) {
                return pos + 8;
            }
            long size = WavStream.uint32(b, pos + 4);
            long next = pos + 8 + size + (size & 1);
            if (next > MAX_HEADER) {
                break;
            }
            pos = (int) next;
        }
        if (b.length > MAX_HEADER) {
            throw new AudioFormatException(source, "no data chunk in the first " + MAX_HEADER + " bytes of the WAV "
                    + "stream");
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
