package io.promptwave.corpus.text;

import java.util.Optional;

/**
 * Turns a written sentence into the words a speaker says: lowercase, numbers spelled out,
 * symbols spoken or removed, only letters, apostrophes and single spaces left. Sentences that
 * cannot be spoken unambiguously (URLs, code, tables) are refused.
 */
public interface SpokenForm {

    /**
     * @param written the sentence as found in the source
     * @return its spoken form, or empty when it cannot be turned into clean speech
     */
    Optional<String> speak(String written);

    /** @return the spoken form for a language code ("en", "it") */
    static SpokenForm forLanguage(String language) {
        switch (language) {
            case "en":
                return new RuleBasedSpokenForm(new EnglishNumbers(), "and", "percent", "dollars", "point",
                        "abcdefghijklmnopqrstuvwxyz", false);
            case "it":
                return new RuleBasedSpokenForm(new ItalianNumbers(), "e", "per cento", "dollari", "virgola",
                        "abcdefghijklmnopqrstuvwxyz\u00e0\u00e8\u00e9\u00ec\u00ed\u00f2\u00f3\u00f9\u00fa", true);
            default:
                throw new IllegalArgumentException("no spoken form for language '" + language + "' (have en, it)");
        }
    }
}
