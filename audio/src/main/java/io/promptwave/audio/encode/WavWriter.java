package io.promptwave.audio.encode;

import io.promptwave.audio.PcmAudio;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes mono audio as a canonical 44-byte-header WAV file, atomically (the file appears complete
 * or not at all). Samples outside [-1, 1] are clipped. The bytes depend only on the samples, so
 * the same audio always gives the same file.
 */
public final class WavWriter {
    /** How samples are stored. */
    public enum Encoding {
        /** 16-bit signed little-endian PCM (format 1). */
        PCM_16(1, 16),
        /** ITU-T G.711 mu-law, 8 bits (format 7), as telephone networks carry speech. */
        MU_LAW(7, 8);

        private final int formatTag;
        private final int bits;

        Encoding(int formatTag, int bits) {
            this.formatTag = formatTag;
            this.bits = bits;
        }
    }

    private WavWriter() {
    }

    /** Writes {@code audio} to {@code file} in the given encoding. */
    public static void write(PcmAudio audio, Encoding encoding, Path file) throws IOException {
        int bytesPerSample = encoding.bits / 8;
        long dataBytes = (long) audio.length() * bytesPerSample;
        if (dataBytes > 0xFFFFFFFFL - 44) {
            throw new IOException(file + ": " + audio.length() + " samples do not fit in a WAV file");
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVE".getBytes(StandardCharsets.US_ASCII));
        header.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) encoding.formatTag)
                .putShort((short) 1).putInt(audio.sampleRate()).putInt(audio.sampleRate() * bytesPerSample)
                .putShort((short) bytesPerSample).putShort((short) encoding.bits);
        header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            out.write(header.array());
            byte[] chunk = new byte[8192 * bytesPerSample];
            for (int start = 0; start < audio.length(); start += 8192) {
                int n = Math.min(8192, audio.length() - start);
                encode(audio, start, n, encoding, chunk);
                out.write(chunk, 0, n * bytesPerSample);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The samples alone, as the data chunk of {@link #write} holds them: what a headerless stream
     * of that encoding carries.
     *
     * @param audio the audio
     * @param encoding how samples are stored
     * @return {@code audio.length()} samples of {@code encoding}'s size, clipped to [-1, 1]
     */
    public static byte[] samples(PcmAudio audio, Encoding encoding) {
        byte[] out = new byte[Math.multiplyExact(audio.length(), encoding.bits / 8)];
        encode(audio, 0, audio.length(), encoding, out);
        return out;
    }

    /** Encodes samples {@code start .. start + n} into the start of {@code out}. */
    private static void encode(PcmAudio audio, int start, int n, Encoding encoding, byte[] out) {
        for (int i = 0; i < n; i++) {
            float x = Math.max(-1f, Math.min(1f, audio.sample(start + i)));
            if (encoding == Encoding.PCM_16) {
                int v = Math.round(x * 32767f);
                out[2 * i] = (byte) v;
                out[2 * i + 1] = (byte) (v >> 8);
            } else {
                out[i] = muLaw(Math.round(x * 32767f));
            }
        }
    }

    /** G.711 mu-law compression of a 16-bit sample (the ITU reference algorithm, bias 0x84). */
    static byte muLaw(int sample) {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(sample), 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
