package io.promptwave.core.registry;

/** A request named a prompt or version the registry does not hold. */
public final class UnknownPromptException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message the name asked for and what there is */
    public UnknownPromptException(String message) {
        super(message);
    }
}
