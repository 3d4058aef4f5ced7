package io.promptwave.core.model;

/** The tensor engine could not be started, for the reason the message names. */
public final class EngineUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and why, in words a user can act on
     * @param cause the engine's own failure
     */
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
