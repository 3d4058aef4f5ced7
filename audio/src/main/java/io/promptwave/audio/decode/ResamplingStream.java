package io.promptwave.audio.decode;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.resample.Resampler;
import java.io.IOException;

/**
 * A stream resampled as it is read: the inner stream is read in fixed chunks, so the output does
 * not depend on how callers size their reads, and the filter's tail is flushed at the end.
 */
final class ResamplingStream implements PcmStream {
    private static final int CHUNK = 16384;

    private final PcmStream inner;
    private final Resampler resampler;
    private final float[] chunk = new float[CHUNK];
    private float[] pending = new float[0];
    private int pendingStart;
    private boolean flushed;

    ResamplingStream(PcmStream inner, int sampleRate) {
        this.inner = inner;
        this.resampler = new Resampler(inner.sampleRate(), sampleRate);
    }

    @Override
    public int sampleRate() {
        return resampler.outputRate();
    }

    @Override
    public String source() {
        return inner.source();
    }

    @Override
    public long declaredLength() {
        long declared = inner.declaredLength();
        return declared < 0 ? -1 : Math.round(declared * (resampler.outputRate() / (double) resampler.inputRate()));
    }

    @Override
    public int read(float[] target, int offset, int length) throws AudioFormatException, IOException {
        while (pendingStart == pending.length) {
            if (flushed) {
                return -1;
            }
            int n = inner.read(chunk, 0, CHUNK);
            flushed = n < 0;
            pending = resampler.process(chunk, 0, Math.max(n, 0), flushed);
            pendingStart = 0;
        }
        int n = Math.min(length, pending.length - pendingStart);
        System.arraycopy(pending, pendingStart, target, offset, n);
        pendingStart += n;
        return n;
    }

    @Override
    public void close() {
        inner.close();
    }
}
