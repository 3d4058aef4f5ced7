package io.promptwave.server.scheduler;

/** The scheduler's queue is full (or closing); the caller should retry after the hinted delay. */
public final class QueueFullException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long retryAfterMillis;

    /**
     * @param message why
     * @param retryAfterMillis when a retry has a fair chance
     */
    public QueueFullException(String message, long retryAfterMillis) {
        super(message);
        this.retryAfterMillis = retryAfterMillis;
    }

    /** @return when a retry has a fair chance, in milliseconds */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
