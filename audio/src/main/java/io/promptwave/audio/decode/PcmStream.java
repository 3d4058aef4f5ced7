package io.promptwave.audio.decode;

import io.promptwave.audio.AudioFormatException;
import java.io.IOException;

/**
 * Mono float PCM read in chunks from a source that may be far larger than the heap. Closing it
 * releases its file handle and any native memory.
 */
public interface PcmStream extends AutoCloseable {

    /** @return samples per second of what {@link #read} returns */
    int sampleRate();

    /** @return the label of the input, for messages */
    String source();

    /**
     * @return the number of samples the source declares, or -1 when it does not say (many
     *     compressed streams)
     */
    long declaredLength();

    /**
     * Reads up to {@code length} mono samples.
     *
     * @return the number of samples read, or -1 at the end of the stream
     * @throws AudioFormatException when the bytes turn out not to be valid audio
     * @throws IOException when reading fails
     */
    int read(float[] target, int offset, int length) throws AudioFormatException, IOException;

    @Override
    void close();
}
