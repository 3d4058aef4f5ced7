package io.promptwave.corpus;

/**
 * A typed slot in a transcript: {@code text.substring(start, end).equals(value)}.
 *
 * @param type the slot type, e.g. {@code time}
 * @param value the words filling it, e.g. {@code seven am}
 * @param start first character in the transcript
 * @param end one past the last character
 */
public record SlotSpan(String type, String value, int start, int end) {
}
