package io.promptwave.audio.feature;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.PcmAudio;

/**
 * Turns frames of audio into feature vectors. Implementations keep scratch buffers: use one
 * instance per thread (they are cheap to create).
 */
public interface FeatureExtractor {

    /** @return how the audio is framed; its sample rate is the one the audio must have */
    FrameConfig frameConfig();

    /** @return values per frame */
    int dims();

    /**
     * Computes the features of the frame starting at {@code samples[offset]}, which must hold
     * {@code frameConfig().frameLength()} samples from there.
     */
    void computeFrame(float[] samples, int offset, float[] out, int outOffset);

    /**
     * Extracts all whole frames of a recording (Kaldi's snip-edges framing).
     *
     * @throws AudioFormatException when the audio's sample rate is not the configured one
     */
    default FeatureSequence extract(PcmAudio audio) throws AudioFormatException {
        FrameConfig frames = frameConfig();
        if (audio.sampleRate() != frames.sampleRate()) {
            throw new AudioFormatException(audio.source(), "sample rate is " + audio.sampleRate()
                    + " Hz but the features need " + frames.sampleRate() + " Hz; resample it first");
        }
        int count = frames.frameCount(audio.length());
        int dims = dims();
        float[] samples = audio.samples();
        float[] out = new float[count * dims];
        for (int f = 0; f < count; f++) {
            computeFrame(samples, f * frames.frameShift(), out, f * dims);
        }
        return FeatureSequence.wrap(out, count, dims, frames.frameRate(), audio.source());
    }
}
