package io.promptwave.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Worked examples, counted by hand. */
class ErrorRateTest {

    @Test
    void wordErrorsAreCountedBySubstitutionDeletionAndInsertion() {
        assertEquals(new ErrorCounts(0, 0, 0, 6), ErrorRate.words("the cat sat on the mat", "The cat sat on the mat."));
        assertEquals(new ErrorCounts(1, 0, 0, 6), ErrorRate.words("the cat sat on the mat", "the cat sit on the mat"));
        assertEquals(new ErrorCounts(0, 1, 0, 6), ErrorRate.words("the cat sat on the mat", "the cat sat on mat"));
        assertEquals(new ErrorCounts(0, 0, 1, 6), ErrorRate.words("the cat sat on the mat", "the cat sat on the mat now"));
        assertEquals(new ErrorCounts(1, 1, 0, 2), ErrorRate.words("a b", "c"), "a substitution before two edits");
        assertEquals(new ErrorCounts(0, 3, 0, 3), ErrorRate.words("set an alarm", ""));
        assertEquals(new ErrorCounts(0, 0, 2, 0), ErrorRate.words("", "uh huh"));
        assertEquals(0.5, new ErrorCounts(1, 1, 1, 6).rate());
    }

    @Test
    void characterErrorsCountSpacesAndLetters() {
        // "kitten" -> "sitting": k->s, e->i, +g: 3 edits over 6 characters
        assertEquals(new ErrorCounts(2, 0, 1, 6), ErrorRate.characters("kitten", "sitting"));
        // "wake me" -> "wakeme": the space is deleted
        assertEquals(new ErrorCounts(0, 1, 0, 7), ErrorRate.characters("wake me", "wakeme"));
        assertEquals(new ErrorCounts(1, 0, 0, 6), ErrorRate.characters("perché", "perche"));
    }

    @Test
    void normalizationKeepsApostrophesInsideWordsOnly() {
        assertEquals("don't stop til", ScoringNormalizer.normalize("Don't  STOP, 'til"));
        assertEquals("it's twelve o'clock", ScoringNormalizer.normalize("It\u2019s twelve o'clock!"));
    }

    @Test
    void countsAddUpOverATestSet() {
        ErrorCounts total = ErrorRate.words("a b c", "a x c").plus(ErrorRate.words("d e", "d"));
        assertEquals(new ErrorCounts(1, 1, 0, 5), total);
        assertEquals(0.4, total.rate(), 1e-12);
    }
}
