package io.promptwave.core.artifact;

/**
 * A model or prompt file cannot be used: it is truncated, corrupt, of an unknown layout, or its
 * tensors do not have the names and shapes expected. The message names the file and the fault.
 */
public final class ModelFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message the file and what is wrong with it */
    public ModelFormatException(String message) {
        super(message);
    }

    /** @param message the file and what is wrong with it @param cause the underlying failure */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
