package io.promptwave.corpus.text;

/** Spells a non-negative integer as a language speaks it. */
interface NumberWords {
    /** Largest number spelled; bigger ones make a sentence unspeakable. */
    long MAX = 999_999_999L;

    /** @return the words for {@code n}, 0 &lt;= n &lt;= {@link #MAX} */
    String spell(long n);
}
