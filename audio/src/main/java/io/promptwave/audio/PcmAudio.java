package io.promptwave.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Decoded mono audio: float samples in [-1, 1] at a sample rate, labelled with where they came
 * from. Immutable: {@link #of} and {@link #samples()} copy; {@link #wrap} hands an array over.
 */
public final class PcmAudio {
    private final float[] samples;
    private final int sampleRate;
    private final String source;

    private PcmAudio(float[] samples, int sampleRate, String source) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        this.samples = samples;
        this.sampleRate = sampleRate;
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * @param samples mono samples, nominally in [-1, 1] (copied)
     * @param sampleRate samples per second, positive
     * @param source a label for messages (file name, request id)
     * @return the audio
     */
    public static PcmAudio of(float[] samples, int sampleRate, String source) {
        return new PcmAudio(samples.clone(), sampleRate, source);
    }

    /**
     * Like {@link #of} but takes over an array the caller will not touch again, without copying
     * it: decoders use this so a long recording is not held twice.
     */
    public static PcmAudio wrap(float[] samples, int sampleRate, String source) {
        return new PcmAudio(samples, sampleRate, source);
    }

    /** @return a copy of the samples */
    public float[] samples() {
        return samples.clone();
    }

    /** @return the sample at {@code index} */
    public float sample(int index) {
        return samples[index];
    }

    /** Copies {@code length} samples from {@code from} into {@code target} at {@code offset}. */
    public void copyTo(int from, float[] target, int offset, int length) {
        System.arraycopy(samples, from, target, offset, length);
    }

    /** @return the number of samples */
    public int length() {
        return samples.length;
    }

    /** @return samples per second */
    public int sampleRate() {
        return sampleRate;
    }

    /** @return the label of where the audio came from */
    public String source() {
        return source;
    }

    /** @return the duration in seconds */
    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    /**
     * @param startSeconds start of the slice, clamped to the audio
     * @param endSeconds end of the slice, clamped to the audio
     * @return the samples between the two times, with the same rate and source
     */
    public PcmAudio slice(double startSeconds, double endSeconds) {
        int from = (int) Math.max(0, Math.min(samples.length, Math.round(startSeconds * sampleRate)));
        int to = (int) Math.max(from, Math.min(samples.length, Math.round(endSeconds * sampleRate)));
        return new PcmAudio(Arrays.copyOfRange(samples, from, to), sampleRate, source);
    }

    @Override
    public String toString() {
        return String.format("PcmAudio[%s, %d samples at %d Hz, %.3f s]", source, samples.length, sampleRate,
                durationSeconds());
    }
}
