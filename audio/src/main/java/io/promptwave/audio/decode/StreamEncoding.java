package io.promptwave.audio.decode;

/**
 * How the bytes of a stream of audio chunks are laid out: a WAV file cut in pieces (its header
 * says the rest), or headerless samples of a known encoding. Multi-byte samples are little-endian
 * and channels interleave.
 */
public enum StreamEncoding {
    /** A RIFF/WAVE file with uncompressed samples; the header comes first. */
    WAV(null),
    /** 16-bit signed integers. */
    PCM_S16LE(SampleEncoding.PCM_S16),
    /** ITU-T G.711 mu-law. */
    MU_LAW(SampleEncoding.MU_LAW),
    /** ITU-T G.711 A-law. */
    A_LAW(SampleEncoding.A_LAW),
    /** IEEE 754 single precision. */
    FLOAT32LE(SampleEncoding.FLOAT32);

    private final SampleEncoding samples;

    StreamEncoding(SampleEncoding samples) {
        this.samples = samples;
    }

    /** @return the sample layout, or null for {@link #WAV} (its header says) */
    SampleEncoding samples() {
        return samples;
    }
}
