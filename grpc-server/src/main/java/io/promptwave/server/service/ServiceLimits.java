package io.promptwave.server.service;

/**
 * The limits that protect the server from one caller.
 *
 * @param maxUnarySeconds longest recording in a unary Recognize
 * @param maxStreamSeconds most audio in one stream
 * @param maxBeamSize widest beam a request may ask for
 * @param maxPendingUtterances finished utterances of one stream waiting for their result before the server
 *     stops reading that stream (backpressure)
 * @param maxUploadBytes largest prompt artifact accepted
 * @param streamIdleSeconds how long a stream may go without a message while the server is reading
 *     it (a client that has gone quiet without ending its stream)
 * @param maxStreamWallSeconds how long a stream may stay open, whatever it sends (a trickle of
 *     tiny chunks would otherwise hold a stream for ever)
 */
public record ServiceLimits(double maxUnarySeconds, double maxStreamSeconds, int maxBeamSize,
        int maxPendingUtterances, long maxUploadBytes, double streamIdleSeconds, double maxStreamWallSeconds) {

    /**
     * The defaults: 10 minutes unary, 1 hour of streamed audio, beam 16, 4 pending utterances,
     * 64 MiB uploads, 60 s without a message, 2 hours open.
     */
    public static ServiceLimits defaults() {
        return new ServiceLimits(600, 3600, 16, 4, 64L << 20, 60, 7200);
    }

    /**
     * @param idleSeconds the new {@link #streamIdleSeconds}
     * @param wallSeconds the new {@link #maxStreamWallSeconds}
     * @return these limits with other stream timeouts
     */
    public ServiceLimits withStreamTimeouts(double idleSeconds, double wallSeconds) {
        return new ServiceLimits(maxUnarySeconds, maxStreamSeconds, maxBeamSize, maxPendingUtterances, maxUploadBytes,
                idleSeconds, wallSeconds);
    }

    /** Checks the ranges. */
    public ServiceLimits {
        if (!(maxUnarySeconds > 0) || !(maxStreamSeconds > 0) || maxBeamSize < 1 || maxPendingUtterances < 1
                || maxUploadBytes < 1) {
            throw new IllegalArgumentException("service limits must be positive");
        }
        if (!(streamIdleSeconds > 0) || !(maxStreamWallSeconds > 0)) {
            throw new IllegalArgumentException("stream idle and open-time limits must be positive seconds, got "
                    + streamIdleSeconds + " and " + maxStreamWallSeconds);
        }
    }
}
