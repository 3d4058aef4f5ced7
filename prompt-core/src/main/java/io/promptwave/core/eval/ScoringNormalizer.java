package io.promptwave.core.eval;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normalisation every score uses, applied to references and hypotheses alike: Unicode
 * NFC, lowercase, every character that is not a letter, a digit or an apostrophe inside a word
 * becomes a space, runs of spaces become one. Corpus transcripts are already in this form, so it
 * only matters for outputs of other recognisers (capitals, punctuation).
 */
public final class ScoringNormalizer {
    private ScoringNormalizer() {
    }

    /** @return {@code text} normalised for scoring */
    public static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean apostropheInWord = c == '\'' && i > 0 && i + 1 < s.length()
                    && Character.isLetterOrDigit(s.charAt(i - 1)) && Character.isLetterOrDigit(s.charAt(i + 1));
            out.append(Character.isLetterOrDigit(c) || apostropheInWord ? c : ' ');
        }
        return out.toString().replaceAll("\\s+", " ").strip();
    }
}
