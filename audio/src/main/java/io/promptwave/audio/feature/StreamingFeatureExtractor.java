package io.promptwave.audio.feature;

import io.promptwave.features.FeatureSequence;
import java.util.Arrays;

/**
 * Extracts features from audio that arrives in chunks of any size, emitting each frame as soon
 * as its last sample arrives. The frames are exactly those that offline extraction gives for the
 * concatenated audio: framing depends only on the sample positions, never on the chunking. Not
 * thread-safe: one instance per stream.
 */
public final class StreamingFeatureExtractor {
    private final FeatureExtractor extractor;
    private final String source;
    private final int frameLength;
    private final int frameShift;
    private float[] pending;
    private int pendingLength;
    private long framesEmitted;

    /**
     * @param extractor the per-frame features (owned by this stream from now on)
     * @param source label of the stream for the emitted sequences
     */
    public StreamingFeatureExtractor(FeatureExtractor extractor, String source) {
        this.extractor = extractor;
        this.source = source;
        this.frameLength = extractor.frameConfig().frameLength();
        this.frameShift = extractor.frameConfig().frameShift();
        this.pending = new float[frameLength * 4];
    }

    /** @return the extractor's feature size */
    public int dims() {
        return extractor.dims();
    }

    /** @return the frame rate of the emitted features */
    public double frameRate() {
        return extractor.frameConfig().frameRate();
    }

    /** @return how many frames this stream has emitted so far */
    public long framesEmitted() {
        return framesEmitted;
    }

    /**
     * Feeds samples (at the extractor's sample rate, in [-1, 1]).
     *
     * @return the frames completed by these samples, possibly none
     */
    public FeatureSequence accept(float[] samples, int offset, int length) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(samples, offset, pending, pendingLength, length);
        pendingLength += length;
        int count = pendingLength < frameLength ? 0 : 1 + (pendingLength - frameLength) / frameShift;
        int dims = extractor.dims();
        float[] out = new float[count * dims];
        for (int f = 0; f < count; f++) {
            extractor.computeFrame(pending, f * frameShift, out, f * dims);
        }
        // keep the samples the next frame still needs
        int consumed = count * frameShift;
        System.arraycopy(pending, consumed, pending, 0, pendingLength - consumed);
        pendingLength -= consumed;
        framesEmitted += count;
        return FeatureSequence.wrap(out, count, dims, frameRate(), source);
    }
}
