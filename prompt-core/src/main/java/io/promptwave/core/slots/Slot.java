package io.promptwave.core.slots;

/**
 * A typed span of a transcript: {@code text.substring(start, end).equals(value)}.
 *
 * @param type the slot type, e.g. {@code time}
 * @param value the words filling it (SLURP's filler), e.g. {@code seven am}
 * @param start first character in the transcript
 * @param end one past its last character
 */
public record Slot(String type, String value, int start, int end) {
}
