package io.promptwave.server.scheduler;

/** Which queue a row waits in: streaming rows are always taken before unary ones. */
public enum Lane {
    /** A live stream waits on it: interim and final results. */
    STREAMING,
    /** A whole recording sent in one request. */
    UNARY
}
