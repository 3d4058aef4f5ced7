package io.promptwave.server.service;

import io.promptwave.core.decode.Transcript;

/** Settings and figures shared by the two streaming calls. */
final class Streams {
    /** Default audio between interim results, in seconds. */
    static final double INTERIM_INTERVAL = 1.0;
    /** Shortest interval a client may ask for: each interim result costs a forward pass. */
    static final double MIN_INTERIM_INTERVAL = 0.3;

    private Streams() {
    }

    static double interimInterval(boolean set, double seconds) throws BadRequestException {
        if (!set) {
            return INTERIM_INTERVAL;
        }
        if (!(seconds >= MIN_INTERIM_INTERVAL && seconds <= 60)) {
            throw new BadRequestException(BadRequestException.Reason.INVALID, "interim_interval_seconds must be "
                    + MIN_INTERIM_INTERVAL + " to 60, got " + seconds);
        }
        return seconds;
    }

    /**
     * How likely an interim text is to stay: the probability of its least certain token. A single shaky
     * token is what a later, longer decoding usually changes.
     */
    static double stability(Transcript t) {
        float lowest = 0;
        for (float p : t.tokenLogProbs()) {
            lowest = Math.min(lowest, p);
        }
        return Math.exp(lowest);
    }

    /**
     * An interim text as a display shows it: greedy CTC over bytes emits a space wherever it hears a
     * pause, so runs of spaces collapse to one. Interim results carry no word offsets that this
     * could shift; finals keep the decoder's text as it is.
     */
    static String interimText(String text) {
        return text.strip().replaceAll("\\s{2,}", " ");
    }
}
