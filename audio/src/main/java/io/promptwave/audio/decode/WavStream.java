package io.promptwave.audio.decode;

import io.promptwave.audio.AudioFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a RIFF/WAVE stream in pure Java: 8/16/24/32-bit integer PCM, 32/64-bit float, mu-law and
 * A-law, plain or WAVE_FORMAT_EXTENSIBLE, any channel count (averaged to mono). Only the header is
 * parsed up front; samples are decoded chunk by chunk as they are read.
 */
final class WavStream implements PcmStream {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_MULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** A data size of 0xFFFFFFFF is what streaming writers put when they cannot seek back. */
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    private static final int MAX_CHANNELS = 1024;
    private static final int MAX_SAMPLE_RATE = 1_536_000;

    private final InputStream in;
    private final String source;
    private final int sampleRate;
    private final int channels;
    private final SampleEncoding encoding;
    private final int blockAlign;
    /** Bytes of sample data still to read, or -1 to read to the end of the stream. */
    private long remainingBytes;
    private final long declaredFrames;
    private long framesRead;
    private byte[] buffer = new byte[0];

    private WavStream(InputStream in, String source, int sampleRate, int channels, SampleEncoding encoding,
            long dataBytes) {
        this.in = in;
        this.source = source;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.encoding = encoding;
        this.blockAlign = channels * encoding.bytes();
        this.remainingBytes = dataBytes;
        this.declaredFrames = dataBytes < 0 ? -1 : dataBytes / blockAlign;
    }

    /**
     * Parses the header and leaves {@code in} at the first sample.
     *
     * @param in the stream, positioned at "RIFF"; closed by the returned stream (or here on failure)
     * @param source label for messages
     * @param availableBytes the total size of the input when known (a file), or -1
     * @return the stream, or {@code null} (with {@code in} closed) when the WAV holds a compressed
     *     encoding such as ADPCM or GSM that only FFmpeg decodes
     */
    static WavStream open(InputStream in, String source, long availableBytes) throws AudioFormatException, IOException {
        try {
            WavStream stream = parse(in, source, availableBytes);
            if (stream == null) {
                in.close();
            }
            return stream;
        } catch (AudioFormatException | IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static WavStream parse(InputStream in, String source, long availableBytes)
            throws AudioFormatException, IOException {
        byte[] riff = readHeader(in, 12, source, "the RIFF header");
        if (!ascii(riff, 0).equals("RIFF") || !ascii(riff, 8).equals("WAVE")) {
            throw new AudioFormatException(source, "not a WAV file (no RIFF/WAVE header)");
        }
        long position = 12;
        byte[] fmt = null;
        while (true) {
            byte[] chunk = readHeader(in, 8, source, fmt == null ? "the fmt chunk" : "the data chunk");
            position += 8;
            String id = ascii(chunk, 0);
            long size = uint32(chunk, 4);
            if (id.equals("fmt ")) {
                if (size < 16 || size > 1024) {
                    throw new AudioFormatException(source, "fmt chunk has an invalid size of " + size + " bytes");
                }
                fmt = readHeader(in, (int) size, source, "the fmt chunk");
                position += size;
                if ((size & 1) == 1) {
                    skipHeader(in, 1, source);
                    position++;
                }
            } else if (id.equals("data")) {
                if (fmt == null) {
                    throw new AudioFormatException(source, "data chunk comes before the fmt chunk");
                }
                return fromFormat(in, source, fmt, size, availableBytes < 0 ? -1 : availableBytes - position);
            } else {
                long padded = size + (size & 1);
                skipHeader(in, padded, source);
                position += padded;
            }
        }
    }

    private static WavStream fromFormat(InputStream in, String source, byte[] fmt, long dataSize, long bytesAfterHeader)
            throws AudioFormatException {
        int formatTag = uint16(fmt, 0);
        int channels = uint16(fmt, 2);
        long sampleRate = uint32(fmt, 4);
        int declaredBlockAlign = uint16(fmt, 12);
        int bits = uint16(fmt, 14);
        if (formatTag == FORMAT_EXTENSIBLE) {
            if (fmt.length < 40) {
                throw new AudioFormatException(source, "WAVE_FORMAT_EXTENSIBLE header is truncated (fmt chunk of "
                        + fmt.length + " bytes, needs 40)");
            }
            // the sub-format GUID starts with the plain format code
            formatTag = uint16(fmt, 24);
        }
        if (channels == 0 || channels > MAX_CHANNELS) {
            throw new AudioFormatException(source, "header declares " + channels + " channels");
        }
        if (sampleRate == 0 || sampleRate > MAX_SAMPLE_RATE) {
            throw new AudioFormatException(source, "header declares a sample rate of " + sampleRate + " Hz");
        }
        SampleEncoding encoding = encodingOf(formatTag, bits, source);
        if (encoding == null) {
            return null;
        }
        if (declaredBlockAlign != channels * encoding.bytes()) {
            throw new AudioFormatException(source, "header declares a block size of " + declaredBlockAlign
                    + " bytes, but " + channels + " channels of " + bits + "-bit samples need "
                    + channels * encoding.bytes());
        }
        long dataBytes = dataSize == UNKNOWN_SIZE ? -1 : dataSize;
        if (dataBytes >= 0 && bytesAfterHeader >= 0 && dataBytes > bytesAfterHeader) {
            throw new AudioFormatException(source, "truncated: header declares " + dataBytes
                    + " bytes of audio data but only " + bytesAfterHeader + " follow");
        }
        return new WavStream(in, source, (int) sampleRate, channels, encoding, dataBytes);
    }

    /** @return the encoding, or null for a format tag this reader leaves to FFmpeg */
    private static SampleEncoding encodingOf(int formatTag, int bits, String source) throws AudioFormatException {
        switch (formatTag) {
            case FORMAT_PCM:
                switch (bits) {
                    case 8:
                        return SampleEncoding.PCM_U8;
                    case 16:
                        return SampleEncoding.PCM_S16;
                    case 24:
                        return SampleEncoding.PCM_S24;
                    case 32:
                        return SampleEncoding.PCM_S32;
                    default:
                        throw new AudioFormatException(source, "unsupported integer PCM of " + bits + " bits");
                }
            case FORMAT_FLOAT:
                if (bits == 32) {
                    return SampleEncoding.FLOAT32;
                }
                if (bits == 64) {
                    return SampleEncoding.FLOAT64;
                }
                throw new AudioFormatException(source, "unsupported float PCM of " + bits + " bits");
            case FORMAT_MULAW:
                return checkEightBit(SampleEncoding.MU_LAW, bits, source);
            case FORMAT_ALAW:
                return checkEightBit(SampleEncoding.A_LAW, bits, source);
            default:
                return null;
        }
    }

    private static SampleEncoding checkEightBit(SampleEncoding encoding, int bits, String source)
            throws AudioFormatException {
        if (bits != 8) {
            throw new AudioFormatException(source, encoding + " must have 8 bits per sample, header says " + bits);
        }
        return encoding;
    }

    /** @return the channels of each frame */
    int channels() {
        return channels;
    }

    /** @return how each sample is stored */
    SampleEncoding encoding() {
        return encoding;
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
        return declaredFrames;
    }

    @Override
    public int read(float[] target, int offset, int length) throws AudioFormatException, IOException {
        if (remainingBytes == 0 || length == 0) {
            return remainingBytes == 0 ? -1 : 0;
        }
        long wantBytes = (long) length * blockAlign;
        if (remainingBytes > 0) {
            wantBytes = Math.min(wantBytes, remainingBytes);
        }
        int bytes = (int) Math.min(wantBytes, 1 << 20);
        bytes -= bytes % blockAlign;
        if (bytes == 0) {
            // fewer bytes left than one frame: a partial trailing frame carries no whole sample
            remainingBytes = 0;
            return -1;
        }
        if (buffer.length < bytes) {
            buffer = new byte[bytes];
        }
        int got = in.readNBytes(buffer, 0, bytes);
        int frames = got / blockAlign;
        if (got < bytes) {
            if (remainingBytes > 0) {
                throw new AudioFormatException(source, "truncated: audio data ends after "
                        + (framesRead * blockAlign + got) + " of the " + (declaredFrames * blockAlign)
                        + " bytes the header declares");
            }
            remainingBytes = 0;
            if (frames == 0) {
                return -1;
            }
        } else if (remainingBytes > 0) {
            remainingBytes -= got;
        }
        decode(frames, target, offset);
        framesRead += frames;
        return frames;
    }

    private void decode(int frames, float[] target, int offset) {
        encoding.decodeMono(buffer, 0, frames, channels, target, offset);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written, so a failed close loses nothing
        }
    }

    private static byte[] readHeader(InputStream in, int n, String source, String what)
            throws AudioFormatException, IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new AudioFormatException(source, "truncated WAV header: file ends inside " + what);
        }
        return b;
    }

    private static void skipHeader(InputStream in, long n, String source) throws AudioFormatException, IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new AudioFormatException(source, "truncated WAV header: file ends before the data chunk", e);
        }
    }

    static String ascii(byte[] b, int i) {
        return new String(b, i, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static int uint16(byte[] b, int i) {
        return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
    }

    static long uint32(byte[] b, int i) {
        return (b[i] & 0xffL) | ((b[i + 1] & 0xffL) << 8) | ((b[i + 2] & 0xffL) << 16) | ((b[i + 3] & 0xffL) << 24);
    }
}
