package io.promptwave.server.service;

/** A request the server will not serve as sent: its message names the field and the reason. */
public final class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How the request is wrong; each maps to one gRPC status code. */
    public enum Reason {
        /** A field is missing or out of range. */
        INVALID,
        /** The request is well formed, but the prompt cannot serve it (another task). */
        WRONG_TASK,
        /** A stream went past its length limit. */
        TOO_LONG
    }

    private final Reason reason;

    /**
     * @param reason how it is wrong
     * @param message what and why
     */
    public BadRequestException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return how it is wrong */
    public Reason reason() {
        return reason;
    }
}
