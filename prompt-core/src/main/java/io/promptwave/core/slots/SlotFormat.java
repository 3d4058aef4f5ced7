package io.promptwave.core.slots;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder's text for slot filling: the intent, {@code " | "}, then the transcript with each
 * slot's words wrapped as {@code [type: words]}; or, {@linkplain IntentPosition#LAST intent last},
 * the tagged transcript, {@code "| "}, then the intent.
 *
 * <pre>{@code alarm_set | wake me up at [time: six forty five] [date: tomorrow]
 * wake me up at [time: six forty five] [date: tomorrow]| alarm_set}</pre>
 *
 * <p>Intent last has no space before the bar: the decoder writes the transcript's characters with
 * the CTC head scoring them, and a space after the last word would be one the CTC head never reads.
 *
 * <p>The intent first (the default) lets the decoder write the transcript knowing it, and every intent
 * can be scored by the probability of its name before the search; the intent last lets the decoder
 * choose it having read its own words. The brackets and the {@code "type: "} header are
 * markup: removing them leaves the transcript exactly ({@link SlotSyntax} tells the CTC head
 * which characters those are). {@link #parse} never throws: it recovers what it can from
 * malformed output and lists what it could not read.
 */
public final class SlotFormat {
    /** Between the intent and the tagged transcript, intent first. */
    public static final String SEPARATOR = " | ";
    /** Between the tagged transcript and the intent, intent last. */
    public static final String SEPARATOR_LAST = "| ";

    private SlotFormat() {
    }

    /**
     * The result of parsing decoder output.
     *
     * @param intent the intent written beside the separator, or null when it is missing or not in the schema
     * @param text the transcript, markup removed and spaces normalised
     * @param slots the slots, with character spans in {@code text}
     * @param sources for each slot, its words' {@code [start, end)} characters in the parsed output
     * @param problems what could not be read, one readable line each (empty for well-formed output)
     */
    public record Parsed(String intent, String text, List<Slot> slots, List<int[]> sources, List<String> problems) {
    }

    /**
     * The target with the intent first.
     *
     * @param text the transcript
     * @param intent its intent
     * @param slots its slots, non-overlapping spans of {@code text}
     * @return the decoder's target
     * @throws IllegalArgumentException when a slot's span is outside the text, overlaps another or
     *     does not hold its value
     */
    public static String serialize(String text, String intent, List<Slot> slots) {
        return serialize(text, intent, slots, IntentPosition.FIRST);
    }

    /**
     * @param text the transcript
     * @param intent its intent
     * @param slots its slots, non-overlapping spans of {@code text}
     * @param position where the intent goes
     * @return the decoder's target
     * @throws IllegalArgumentException when a slot's span is outside the text, overlaps another or
     *     does not hold its value
     */
    public static String serialize(String text, String intent, List<Slot> slots, IntentPosition position) {
        String body = tagged(text, slots);
        return position == IntentPosition.FIRST ? intentPrefix(intent) + body : body + SEPARATOR_LAST + intent;
    }

    /** @return the transcript with each slot's words wrapped as {@code [type: words]} */
    private static String tagged(String text, List<Slot> slots) {
        List<Slot> sorted = new ArrayList<>(slots);
        sorted.sort(java.util.Comparator.comparingInt(Slot::start));
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Slot s : sorted) {
            if (s.start() < at || s.end() > text.length() || s.start() >= s.end()) {
                throw new IllegalArgumentException("slot " + s.type() + " [" + s.start() + ", " + s.end()
                        + ") is outside '" + text + "' or overlaps the slot before it");
            }
            if (!text.substring(s.start(), s.end()).equals(s.value())) {
                throw new IllegalArgumentException("slot " + s.type() + " says '" + s.value() + "' but its span of '"
                        + text + "' holds '" + text.substring(s.start(), s.end()) + "'");
            }
            out.append(text, at, s.start()).append('[').append(s.type()).append(": ").append(s.value()).append(']');
            at = s.end();
        }
        return out.append(text.substring(at)).toString();
    }

    /**
     * @param intent an intent
     * @return what intent-first output starts with for it: the intent and the separator
     */
    public static String intentPrefix(String intent) {
        return intent + SEPARATOR;
    }

    /**
     * Reads decoder output. Unknown intents and slot types, tags left open, stray brackets and
     * empty slots are reported in {@link Parsed#problems()}; the words around them are kept in the
     * transcript.
     *
     * @param output the decoder's text
     * @param schema the task's labels
     * @return what could be read
     */
    public static Parsed parse(String output, SlotSchema schema) {
        List<String> problems = new ArrayList<>();
        String intent = null;
        boolean first = schema.intentPosition() == IntentPosition.FIRST;
        int bodyStart = 0;
        int bodyEnd = output.length();
        // intent first: the first bar ends it; intent last: the last bar starts it
        int bar = first ? output.indexOf('|') : output.lastIndexOf('|');
        if (bar < 0) {
            problems.add("no intent: the output has no '|'");
        } else {
            String written = first ? output.substring(0, bar).trim() : output.substring(bar + 1).trim();
            if (first) {
                bodyStart = bar + 1;
            } else {
                bodyEnd = bar;
            }
            if (written.isEmpty()) {
                problems.add("no intent " + (first ? "before" : "after") + " '|'");
            } else if (!schema.intents().contains(written)) {
                problems.add("unknown intent '" + written + "'");
            } else {
                intent = written;
            }
        }
        Scanner scanner = new Scanner(output, schema, problems);
        scanner.scan(bodyStart, bodyEnd);
        return scanner.result(intent);
    }

    /** Walks the tagged transcript once, collecting words and the word ranges of slots. */
    private static final class Scanner {
        private final String output;
        private final SlotSchema schema;
        private final List<String> problems;
        private final List<String> words = new ArrayList<>();
        private final List<int[]> wordSources = new ArrayList<>();
        private final List<String> slotTypes = new ArrayList<>();
        private final List<int[]> slotWords = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private int wordStart;
        private String openType;
        private boolean tagOpen;
        private int openFrom;

        Scanner(String output, SlotSchema schema, List<String> problems) {
            this.output = output;
            this.schema = schema;
            this.problems = problems;
        }

        void scan(int from, int to) {
            int i = from;
            while (i < to) {
                char c = output.charAt(i);
                if (c == '[') {
                    flush(i);
                    if (tagOpen) {
                        problems.add("a tag opens inside the tag [" + label() + ": ...]; the first is closed there");
                        close();
                    }
                    i = open(i, to);
                    continue;
                }
                if (c == ']') {
                    flush(i);
                    if (tagOpen) {
                        close();
                    } else {
                        problems.add("a ']' without its '[' at character " + i);
                    }
                } else if (c == '|') {
                    flush(i);
                    problems.add("a second '|' at character " + i);
                } else if (Character.isWhitespace(c)) {
                    flush(i);
                } else {
                    if (word.length() == 0) {
                        wordStart = i;
                    }
                    word.append(c);
                }
                i++;
            }
            flush(to);
            if (tagOpen) {
                problems.add("the tag [" + label() + ": ...] is not closed");
                close();
            }
        }

        /** Reads {@code [type:} at {@code i} (before {@code to}); returns where the filler starts. */
        private int open(int i, int to) {
            int colon = -1;
            for (int j = i + 1; j < to; j++) {
                char c = output.charAt(j);
                if (c == ':') {
                    colon = j;
                    break;
                }
                if (c == '[' || c == ']' || c == '|') {
                    break;
                }
            }
            if (colon < 0) {
                problems.add("a '[' without a 'type:' at character " + i);
                return i + 1;
            }
            String type = output.substring(i + 1, colon).trim();
            tagOpen = true;
            openFrom = words.size();
            if (schema.slotTypes().contains(type)) {
                openType = type;
            } else {
                openType = null;
                problems.add("unknown slot type '" + type + "'; its words are kept as plain text");
            }
            return colon + 1;
        }

        private String label() {
            return openType == null ? "?" : openType;
        }

        private void close() {
            tagOpen = false;
            if (openType == null) {
                return;
            }
            if (openFrom == words.size()) {
                problems.add("the slot [" + openType + ": ] is empty");
            } else {
                slotTypes.add(openType);
                slotWords.add(new int[] {openFrom, words.size()});
            }
            openType = null;
        }

        private void flush(int end) {
            if (word.length() > 0) {
                words.add(word.toString());
                wordSources.add(new int[] {wordStart, end});
                word.setLength(0);
            }
        }

        Parsed result(String intent) {
            StringBuilder text = new StringBuilder();
            int[] starts = new int[words.size()];
            for (int w = 0; w < words.size(); w++) {
                if (w > 0) {
                    text.append(' ');
                }
                starts[w] = text.length();
                text.append(words.get(w));
            }
            List<Slot> slots = new ArrayList<>();
            List<int[]> sources = new ArrayList<>();
            for (int s = 0; s < slotTypes.size(); s++) {
                int from = slotWords.get(s)[0];
                int to = slotWords.get(s)[1];
                int start = starts[from];
                int end = starts[to - 1] + words.get(to - 1).length();
                slots.add(new Slot(slotTypes.get(s), text.substring(start, end), start, end));
                sources.add(new int[] {wordSources.get(from)[0], wordSources.get(to - 1)[1]});
            }
            return new Parsed(intent, text.toString(), List.copyOf(slots), List.copyOf(sources), List.copyOf(problems));
        }
    }
}
