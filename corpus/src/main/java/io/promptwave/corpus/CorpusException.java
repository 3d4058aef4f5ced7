package io.promptwave.corpus;

/**
 * A corpus cannot be generated or read, for the reason the message gives: a bad spec, a missing
 * engine (with the Debian packages to install), a failed synthesis, a malformed manifest.
 */
public final class CorpusException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and why */
    public CorpusException(String message) {
        super(message);
    }

    /** @param message what failed and why @param cause the underlying failure */
    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}
