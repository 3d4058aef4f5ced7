package io.promptwave.corpus.spec;

/**
 * Which part of a task schema a split's commands come from. A task corpus keeps some templates and
 * slot values out of training; a split either stays among the seen ones or must contain at least
 * one held-out template or value.
 */
public enum HeldOut {
    /** Seen templates and values only: training, and a dev split that shares training's templates. */
    NONE,
    /**
     * At least one template or value held out for a development split of its own
     * ({@code texts.held_out_dev}), and nothing held out for test: decoding and stopping can be
     * chosen on unseen phrasings without looking at test's.
     */
    DEV,
    /** At least one template or value held out for test ({@code texts.held_out}). */
    TEST;

    /**
     * Reads a split's {@code held_out} field: {@code false} or absent, {@code true} or
     * {@code "test"}, {@code "dev"}.
     *
     * @throws IllegalArgumentException for anything else
     */
    static HeldOut parse(Object value, String split) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return NONE;
        }
        if (Boolean.TRUE.equals(value) || "test".equals(value)) {
            return TEST;
        }
        if ("dev".equals(value)) {
            return DEV;
        }
        throw new IllegalArgumentException("split '" + split + "' has held_out " + value
                + "; it must be false, true (test's held-out templates and values) or \"dev\"");
    }
}
