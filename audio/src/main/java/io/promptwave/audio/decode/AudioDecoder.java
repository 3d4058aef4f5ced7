package io.promptwave.audio.decode;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.features.InputFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Opens audio files as mono float PCM streams, whatever their format.
 *
 * <p>The format is recognised from the bytes, not the file name: a RIFF/WAVE file is read in pure
 * Java ({@link WavStream}), anything else goes to FFmpeg ({@link FfmpegStream}). A file named
 * {@code .wav} without a RIFF header is refused rather than guessed at. Inputs longer than
 * {@link DecodeOptions#maxDurationSeconds()} are refused: up front when the header says how long
 * they are, otherwise as soon as decoding passes the limit; so are NaN and infinite samples.
 *
 * <p>Thread-safe: each call opens its own stream.
 */
public final class AudioDecoder {
    private static final int CHUNK = 16384;

    private final DecodeOptions options;

    /** A decoder with {@link DecodeOptions#defaults()}. */
    public AudioDecoder() {
        this(DecodeOptions.defaults());
    }

    /** @param options the limits to apply */
    public AudioDecoder(DecodeOptions options) {
        this.options = options;
    }

    /**
     * Opens a file for streaming; the caller closes the stream.
     *
     * @param file any audio file
     * @return mono samples at the file's own sample rate
     * @throws AudioFormatException when the file is not decodable audio, or too long
     * @throws IOException when the file cannot be read (missing, a directory, no permission)
     */
    public PcmStream open(Path file) throws AudioFormatException, IOException {
        String source = file.toString();
        long size = InputFile.requireReadable(file, "an audio file");
        byte[] head = new byte[12];
        int headLength;
        try (InputStream in = Files.newInputStream(file)) {
            headLength = in.readNBytes(head, 0, head.length);
        }
        PcmStream stream = null;
        if (isRiffWave(head, headLength)) {
            stream = WavStream.open(new BufferedInputStream(Files.newInputStream(file), 1 << 16), source, size);
        } else if (headLength >= 4 && new String(head, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
                && headLength < 12) {
            throw new AudioFormatException(source, "truncated WAV header: file ends inside the RIFF header");
        } else if (source.toLowerCase(Locale.ROOT).endsWith(".wav")) {
            throw new AudioFormatException(source, "not a WAV file (no RIFF/WAVE header; starts with "
                    + describe(head, headLength) + ")");
        }
        if (stream == null) {
            // not WAV, or a WAV encoding (ADPCM, GSM, ...) only FFmpeg decodes
            stream = FfmpegStream.open(file, source);
        }
        try {
            return new ValidatingStream(stream, options.maxDurationSeconds());
        } catch (AudioFormatException e) {
            stream.close();
            throw e;
        }
    }

    /**
     * Opens a file for streaming at {@code sampleRate}, resampling as it is read; the caller
     * closes the stream. The duration limit applies to the file as decoded.
     *
     * @throws AudioFormatException when the file is not decodable audio, or too long
     * @throws IOException when the file cannot be read
     */
    public PcmStream open(Path file, int sampleRate) throws AudioFormatException, IOException {
        PcmStream stream = open(file);
        return stream.sampleRate() == sampleRate ? stream : new ResamplingStream(stream, sampleRate);
    }

    /**
     * Decodes a whole file at its own sample rate.
     *
     * @throws AudioFormatException when the file is not decodable audio, too long, or holds no samples
     * @throws IOException when the file cannot be read
     */
    public PcmAudio decode(Path file) throws AudioFormatException, IOException {
        try (PcmStream stream = open(file)) {
            return readAll(stream);
        }
    }

    /**
     * Decodes a whole file and resamples it as it goes, so only the resampled audio is held.
     *
     * @param file any audio file
     * @param sampleRate the rate wanted (16000 for the model)
     * @throws AudioFormatException when the file is not decodable audio, too long, or holds no samples
     * @throws IOException when the file cannot be read
     */
    public PcmAudio decode(Path file, int sampleRate) throws AudioFormatException, IOException {
        try (PcmStream stream = open(file, sampleRate)) {
            return readAll(stream);
        }
    }

    /**
     * Decodes a whole file held in memory (an upload, a request body). The bytes go through a private
     * temporary file, deleted before this returns, so every format {@link #decode(Path, int)} reads is
     * read here too.
     *
     * @param content the file's bytes
     * @param source what to call the input in messages, e.g. a request id
     * @param sampleRate the rate wanted
     * @throws AudioFormatException when the bytes are not decodable audio, too long, or hold no samples
     * @throws IOException when the temporary file cannot be written
     */
    public PcmAudio decode(byte[] content, String source, int sampleRate) throws AudioFormatException, IOException {
        if (content.length == 0) {
            throw new AudioFormatException(source, "no audio bytes (the content is empty)");
        }
        Path file = Files.createTempFile("promptwave-audio-", ".bin");
        try {
            Files.write(file, content);
            return decode(file, sampleRate);
        } catch (AudioFormatException e) {
            // name the caller's input, not the temporary file
            throw new AudioFormatException(source, e.reason().replace(file.toString(), source), e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static PcmAudio readAll(PcmStream stream) throws AudioFormatException, IOException {
        long declared = stream.declaredLength();
        int initial = declared > 0 ? (int) Math.min(Integer.MAX_VALUE - 16, declared + 64) : 1 << 16;
        float[] all = new float[Math.max(16, initial)];
        int total = 0;
        float[] chunk = new float[CHUNK];
        int n;
        while ((n = stream.read(chunk, 0, CHUNK)) >= 0) {
            all = append(all, total, chunk, n, stream.source());
            total += n;
        }
        if (total == 0) {
            throw new AudioFormatException(stream.source(), "contains no audio samples");
        }
        return PcmAudio.wrap(total == all.length ? all : Arrays.copyOf(all, total), stream.sampleRate(), stream.source());
    }

    private static float[] append(float[] all, int total, float[] piece, int length, String source)
            throws AudioFormatException {
        if ((long) total + length > Integer.MAX_VALUE - 16) {
            throw new AudioFormatException(source, "too many samples to hold in memory; segment the audio first");
        }
        if (total + length > all.length) {
            long grown = Math.max((long) total + length, (long) all.length * 3 / 2);
            all = Arrays.copyOf(all, (int) Math.min(Integer.MAX_VALUE - 16, grown));
        }
        System.arraycopy(piece, 0, all, total, length);
        return all;
    }

    private static boolean isRiffWave(byte[] head, int length) {
        return length >= 12 && new String(head, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
                && new String(head, 8, 4, StandardCharsets.ISO_8859_1).equals("WAVE");
    }

    private static String describe(byte[] head, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(length, 4); i++) {
            text.append(String.format("%02X", head[i] & 0xff));
        }
        return text.length() == 0 ? "nothing" : "0x" + text;
    }
}
