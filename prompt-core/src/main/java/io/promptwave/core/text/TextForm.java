package io.promptwave.core.text;

import java.util.Locale;

/**
 * How the text a language model was fitted on is written, which decides the rows it may score: a
 * model of transcripts would pull a text line's capitals and commas away, a model of printed lines
 * would push punctuation into a transcript.
 */
public enum TextForm {
    /** As transcripts are written: lowercase, numbers as words, no punctuation but apostrophes. */
    SPOKEN,
    /** As text is printed: capitals, digits and punctuation, what the text lines of {@code <ocr>} show. */
    WRITTEN;

    /** @return the name in configs and on the command line: {@code spoken} or {@code written} */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param code {@code spoken} or {@code written}
     * @return the form
     * @throws IllegalArgumentException naming the code otherwise
     */
    public static TextForm of(String code) {
        for (TextForm f : values()) {
            if (f.code().equals(code)) {
                return f;
            }
        }
        throw new IllegalArgumentException("text form must be spoken or written, got '" + code + "'");
    }
}
