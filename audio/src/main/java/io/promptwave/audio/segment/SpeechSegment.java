package io.promptwave.audio.segment;

/**
 * A stretch of speech, in seconds from the start of the recording, padding included.
 *
 * @param start where the segment starts
 * @param end where it ends, after {@code start}
 */
public record SpeechSegment(double start, double end) {
    /** Checks the times. */
    public SpeechSegment {
        if (!(start >= 0 && end > start)) {
            throw new IllegalArgumentException("bad segment [" + start + ", " + end + "]");
        }
    }

    /** @return the length in seconds */
    public double duration() {
        return end - start;
    }
}
