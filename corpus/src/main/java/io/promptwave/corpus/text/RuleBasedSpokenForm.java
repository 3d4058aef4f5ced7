package io.promptwave.corpus.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spoken-form rules shared by the languages, with the words that differ passed in.
 *
 * <p>Refused outright: web addresses, markup and code symbols, acronyms (all-capital words, whose
 * reading a voice may spell or say), digits glued to letters, times and clock formats, and
 * numbers above a billion. Spoken: {@code &}, {@code %}, {@code $} amounts, decimal numbers and
 * integers (with thousands separators). Removed: the remaining punctuation and quotes; hyphens
 * and dashes become spaces. Italian writes accents as a trailing apostrophe in plain-ASCII texts
 * ({@code perche'}, {@code e'}); those become the accented vowel ({@code perché}, {@code è}).
 */
final class RuleBasedSpokenForm implements SpokenForm {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "https?:|www\\.|\\.(com|org|net|edu)\\b|[@_{}<>|\\\\=#*^~\\[\\]\\t/+]|\\d+:\\d|\\d[\\p{L}]|[\\p{L}]\\d");
    private static final Pattern ACRONYM = Pattern.compile("\\b\\p{Lu}{2,}\\b");
    private static final Pattern MONEY = Pattern.compile("\\$\\s?(\\d[\\d,]*(?:\\.\\d+)?)");
    private static final Pattern PERCENT = Pattern.compile("(\\d[\\d,]*(?:\\.\\d+)?)\\s?%");
    private static final Pattern DECIMAL = Pattern.compile("\\b(\\d+)\\.(\\d+)\\b");
    private static final Pattern INTEGER = Pattern.compile("\\b\\d{1,3}(?:,\\d{3})+\\b|\\b\\d+\\b");
    private static final Pattern ITALIAN_ACCENT = Pattern.compile("(?i)\\b(\\p{L}*?)([aeiou])'(?=\\s|$|[.,;:!?\"])");
    private static final Pattern DASHES = Pattern.compile("[-\u2010-\u2015]+");
    private static final Pattern DROP = Pattern.compile("[.,;:!?\"()\u2018\u201c\u201d\u00ab\u00bb\u2026`]");
    /** Quotes written with apostrophes; the final one of Italian "po'" is part of the word. */
    private static final Pattern EDGE_APOSTROPHE = Pattern.compile("(^|\\s)'+|(?<!\\bpo)'+(?=\\s|$)");
    private static final int MIN_WORDS = 3;
    private static final int MAX_WORDS = 35;

    private final NumberWords numbers;
    private final String and;
    private final String percent;
    private final String dollars;
    private final String point;
    private final String alphabet;
    private final boolean italianAccents;

    RuleBasedSpokenForm(NumberWords numbers, String and, String percent, String dollars, String point, String alphabet,
            boolean italianAccents) {
        this.numbers = numbers;
        this.and = and;
        this.percent = percent;
        this.dollars = dollars;
        this.point = point;
        this.alphabet = alphabet;
        this.italianAccents = italianAccents;
    }

    @Override
    public Optional<String> speak(String written) {
        String s = written.replace('\u2019', '\'').replace('\u00a0', ' ');
        if (FORBIDDEN.matcher(s).find() || ACRONYM.matcher(s).find()) {
            return Optional.empty();
        }
        if (italianAccents) {
            s = accents(s);
        }
        try {
            s = replaceNumbers(MONEY, s, m -> number(m.group(1)) + " " + dollars);
            s = replaceNumbers(PERCENT, s, m -> number(m.group(1)) + " " + percent);
            s = replaceNumbers(DECIMAL, s, m -> number(m.group(1)) + " " + point + " " + digits(m.group(2)));
            s = replaceNumbers(INTEGER, s, m -> number(m.group()));
        } catch (IllegalArgumentException tooLarge) {
            return Optional.empty();
        }
        s = s.replace("&", " " + and + " ");
        s = DASHES.matcher(s).replaceAll(" ");
        s = DROP.matcher(s).replaceAll(" ");
        s = s.toLowerCase(Locale.ROOT);
        s = EDGE_APOSTROPHE.matcher(s).replaceAll("$1");
        s = s.replaceAll("\\s+", " ").strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\'' && alphabet.indexOf(c) < 0) {
                return Optional.empty();
            }
        }
        int words = s.isEmpty() ? 0 : s.split(" ").length;
        if (words < MIN_WORDS || words > MAX_WORDS) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private String number(String text) {
        String plain = text.replace(",", "");
        if (plain.contains(".")) {
            String[] parts = plain.split("\\.", 2);
            return numbers.spell(Long.parseLong(parts[0])) + " " + point + " " + digits(parts[1]);
        }
        if (plain.length() > 10) {
            throw new IllegalArgumentException("too large");
        }
        return numbers.spell(Long.parseLong(plain));
    }

    private String digits(String text) {
        List<String> words = new ArrayList<>();
        for (char c : text.toCharArray()) {
            words.add(numbers.spell(c - '0'));
        }
        return String.join(" ", words);
    }

    private static String accents(String s) {
        Matcher m = ITALIAN_ACCENT.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String stem = m.group(1);
            String vowel = m.group(2);
            String word = (stem + vowel).toLowerCase(Locale.ROOT);
            String accented;
            if (word.equals("po")) {
                accented = stem + vowel + "'"; // po' is an elision of poco, not an accent
            } else if (vowel.equalsIgnoreCase("e") && (word.endsWith("che") || word.equals("ne") || word.equals("se"))) {
                accented = stem + (vowel.equals("E") ? "\u00c9" : "\u00e9");
            } else {
                accented = stem + grave(vowel);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(accented));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String grave(String vowel) {
        String plain = "aeiouAEIOU";
        String marked = "\u00e0\u00e8\u00ec\u00f2\u00f9\u00c0\u00c8\u00cc\u00d2\u00d9";
        return String.valueOf(marked.charAt(plain.indexOf(vowel)));
    }

    private static String replaceNumbers(Pattern pattern, String s, java.util.function.Function<Matcher, String> speak) {
        Matcher m = pattern.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(" " + speak.apply(m) + " "));
        }
        m.appendTail(out);
        return out.toString();
    }
}
