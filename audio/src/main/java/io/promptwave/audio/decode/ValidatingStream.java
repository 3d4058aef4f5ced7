package io.promptwave.audio.decode;

import io.promptwave.audio.AudioFormatException;
import java.io.IOException;

/**
 * The checks every decoded stream goes through, whatever its decoder: refuses NaN or infinite
 * samples, and refuses the stream once it runs past a maximum duration, whatever its header claimed.
 */
final class ValidatingStream implements PcmStream {
    private final PcmStream inner;
    private final double maxSeconds;
    private final long maxSamples;
    private long samples;

    ValidatingStream(PcmStream inner, double maxSeconds) throws AudioFormatException {
        this.inner = inner;
        this.maxSeconds = maxSeconds;
        this.maxSamples = (long) Math.min(Long.MAX_VALUE, Math.floor(maxSeconds * inner.sampleRate()));
        long declared = inner.declaredLength();
        if (declared > maxSamples) {
            throw tooLong(String.format("%.1f s", declared / (double) inner.sampleRate()));
        }
    }

    @Override
    public int sampleRate() {
        return inner.sampleRate();
    }

    @Override
    public String source() {
        return inner.source();
    }

    @Override
    public long declaredLength() {
        return inner.declaredLength();
    }

    @Override
    public int read(float[] target, int offset, int length) throws AudioFormatException, IOException {
        int n = inner.read(target, offset, length);
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(target[offset + i])) {
                long index = samples + i;
                throw new AudioFormatException(inner.source(), String.format("sample %d (at %.3f s) is %s", index,
                        index / (double) inner.sampleRate(), Float.isNaN(target[offset + i]) ? "NaN" : "infinite"));
            }
        }
        if (n > 0) {
            samples += n;
            if (samples > maxSamples) {
                throw tooLong("more than that");
            }
        }
        return n;
    }

    private AudioFormatException tooLong(String actual) {
        return new AudioFormatException(inner.source(), String.format(
                "audio is longer than the maximum of %.1f s (%s); raise the limit or segment it first",
                maxSeconds, actual));
    }

    @Override
    public void close() {
        inner.close();
    }
}
