package io.promptwave.core.artifact;

/**
 * A prompt was trained on another base model (its recorded fingerprint differs), or for a task
 * the caller did not ask for. Nothing was loaded.
 */
public final class PromptMismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message the prompt, what it was made for and what it was offered */
    public PromptMismatchException(String message) {
        super(message);
    }
}
