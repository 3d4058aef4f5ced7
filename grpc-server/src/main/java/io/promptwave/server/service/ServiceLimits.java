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
 */
public record ServiceLimits(double maxUnarySeconds, double maxStreamSeconds, int maxBeamSize,
        int maxPendingUtterances, long maxUploadBytes) {

    /** The defaults: 10 minutes unary, 1 hour streamed, beam 16, 4 pending utterances, 64 MiB uploads. */
    public static ServiceLimits defaults() {
        return new ServiceLimits(600, 3600, 16, 4, 64L << 20);
    }

    /** Checks the ranges. */
    public ServiceLimits {
        if (!(maxUnarySeconds > 0) || !(maxStreamSeconds > 0) || maxBeamSize < 1 || maxPendingUtterances < 1
                || maxUploadBytes < 1) {
            throw new IllegalArgumentException("service limits must be positive");
        }
    }
}
