package io.promptwave.corpus.lines;

import java.awt.Font;
import java.util.Locale;

/**
 * A font family and style as a spec names it: {@code "DejaVu Serif"}, {@code "DejaVu Serif:italic"},
 * {@code "Liberation Sans:bold"}, {@code "FreeSerif:bold-italic"}.
 *
 * @param family the family name as fontconfig lists it
 * @param style {@link Font#PLAIN}, {@link Font#BOLD}, {@link Font#ITALIC} or both of the last two
 */
public record FontFace(String family, int style) {
    /** @return the face {@code text} names */
    public static FontFace parse(String text) {
        int colon = text.lastIndexOf(':');
        String family = colon < 0 ? text : text.substring(0, colon);
        String style = colon < 0 ? "plain" : text.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (family.isBlank()) {
            throw new IllegalArgumentException("font '" + text + "' has no family name");
        }
        int awtStyle = switch (style) {
            case "plain", "regular" -> Font.PLAIN;
            case "bold" -> Font.BOLD;
            case "italic" -> Font.ITALIC;
            case "bold-italic" -> Font.BOLD | Font.ITALIC;
            default -> throw new IllegalArgumentException("font '" + text
                    + "': style must be plain, bold, italic or bold-italic");
        };
        return new FontFace(family.trim(), awtStyle);
    }

    @Override
    public String toString() {
        return switch (style) {
            case Font.BOLD -> family + ":bold";
            case Font.ITALIC -> family + ":italic";
            case Font.BOLD | Font.ITALIC -> family + ":bold-italic";
            default -> family;
        };
    }
}
