package io.promptwave.features;

/**
 * A modality's input cannot be used: its bytes are not something the front-end decodes, or what
 * they decode to is unfit. The message always starts with the source and then gives the reason,
 * e.g. {@code "call.wav: header declares a sample rate of 0 Hz"}. Each front-end throws its own
 * subclass; a caller that takes any modality catches this one.
 */
public abstract class InputFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String reason;

    /**
     * @param source the file name or other label of the input
     * @param reason what is wrong with it
     * @param cause the lower-level failure, if any
     */
    protected InputFormatException(String source, String reason, Throwable cause) {
        super(source + ": " + reason, cause);
        this.source = source;
        this.reason = reason;
    }

    /** @return the label of the input that failed */
    public String source() {
        return source;
    }

    /** @return the reason alone, without the source */
    public String reason() {
        return reason;
    }
}
