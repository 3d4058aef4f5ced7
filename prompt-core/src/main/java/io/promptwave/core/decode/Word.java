package io.promptwave.core.decode;

/**
 * A word of a transcript.
 *
 * @param text the word
 * @param start start in seconds from the beginning of the audio (NaN when unknown)
 * @param end end in seconds (NaN when unknown)
 * @param confidence geometric-mean probability of its tokens, in [0, 1]
 */
public record Word(String text, double start, double end, double confidence) {
}
