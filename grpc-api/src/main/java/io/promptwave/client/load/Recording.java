package io.promptwave.client.load;

/**
 * One recording the load clients stream: 16-bit little-endian mono PCM.
 *
 * @param name what it is called in reports
 * @param pcm the samples, two bytes each
 * @param sampleRate samples per second
 */
public record Recording(String name, byte[] pcm, int sampleRate) {
    /** Checks the fields. */
    public Recording {
        if (pcm.length < 2 || pcm.length % 2 != 0) {
            throw new IllegalArgumentException(name + ": PCM16 audio needs a whole, non-zero number of samples, got "
                    + pcm.length + " bytes");
        }
        if (sampleRate < 1000) {
            throw new IllegalArgumentException(name + ": sample rate must be at least 1000 Hz, got " + sampleRate);
        }
    }

    /** @return the length in seconds */
    public double seconds() {
        return pcm.length / 2.0 / sampleRate;
    }
}
