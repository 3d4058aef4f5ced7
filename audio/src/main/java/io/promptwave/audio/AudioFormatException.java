package io.promptwave.audio;

import io.promptwave.features.InputFormatException;

/**
 * An audio input cannot be used: its bytes are not audio Promptwave can decode, or the decoded
 * audio is unfit (no samples, NaN samples, too long, wrong rate). The message always starts with
 * the source and then gives the reason, e.g. {@code "call.wav: header declares a sample rate of 0
 * Hz"}.
 */
public final class AudioFormatException extends InputFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the file name or other label of the input
     * @param reason what is wrong with it
     */
    public AudioFormatException(String source, String reason) {
        this(source, reason, null);
    }

    /**
     * @param source the file name or other label of the input
     * @param reason what is wrong with it
     * @param cause the lower-level failure, if any
     */
    public AudioFormatException(String source, String reason, Throwable cause) {
        super(source, reason, cause);
    }
}
