package io.promptwave.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CharNgramModelTest {
    private static final int A = 'a';
    private static final int B = 'b';
    private static final int END = CharNgramModel.BOUNDARY;

    @Test
    void aBigramModelGivesTheKneserNeyProbabilitiesWorkedByHand() {
        // sentences "ab" and "b", boundary ^ before and after each:
        //   bigram counts: ^a 1, ab 1, b^ 2, ^b 1 -> count-of-counts n1 = 3, n2 = 1, D2 = 3 / (3 + 2) = 0.6
        //   unigram continuation counts (distinct left neighbours): a {^} 1, b {a, ^} 2, ^ {b} 1
        //     -> total 4 over 3 types, n1 = 2, n2 = 1, D1 = 2 / (2 + 2) = 0.5
        // P1(b) = (2 - 0.5 + 0.5 * 3 / 257) / 4; context ^ has 2 tokens of 2 types:
        // P(b | ^) = (1 - 0.6 + 0.6 * 2 * P1(b)) / 2
        CharNgramModel lm = CharNgramModel.fit(List.of("ab", "b"), 2, "en");
        double p1b = (2 - 0.5 + 0.5 * 3 / 257.0) / 4;
        assertEquals(Math.log((1 - 0.6 + 0.6 * 2 * p1b) / 2), lm.logProb(lm.initial(), B), 1e-12);
        // an unseen bigram "b a" lives on the unigram's share: context b has 2 tokens of 1 type
        double p1a = (1 - 0.5 + 0.5 * 3 / 257.0) / 4;
        long afterB = lm.next(lm.initial(), B);
        assertEquals(Math.log(0.6 * 1 * p1a / 2), lm.logProb(afterB, A), 1e-12);
        // and the end after b is the likeliest thing of all
        assertEquals(Math.log((2 - 0.6 + 0.6 * (1 - 0.5 + 0.5 * 3 / 257.0) / 4) / 2), lm.logProb(afterB, END),
                1e-12);
        assertEquals(2, lm.sentences());
        assertEquals(4, lm.storedNgrams());
    }

    @Test
    void everyHistoryGivesADistributionThatSumsToOne() {
        CharNgramModel lm = CharNgramModel.fit(List.of("the cat sat on the mat", "a cat is not a hat",
                "that is that", "the end"), 5, "en");
        for (String history : List.of("", "th", "the c", "zzz", "at is", "that is that is")) {
            long state = lm.initial();
            for (byte b : history.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                state = lm.next(state, b & 0xff);
            }
            double sum = 0;
            for (int s = 0; s <= END; s++) {
                sum += Math.exp(lm.logProb(state, s));
            }
            assertEquals(1.0, sum, 1e-9, "after '" + history + "'");
        }
    }

    @Test
    void theSpellingTheTextKnowsWins() {
        CharNgramModel lm = CharNgramModel.fit(List.of("you should follow the law", "we should go",
                "they should not follow", "follow me"), 6, "en");
        assertTrue(lm.logProb("you should follow") > lm.logProb("you shold folow") + 3,
                lm.logProb("you should follow") + " against " + lm.logProb("you shold folow"));
    }

    @Test
    void aModelRebuiltFromItsCountsScoresTheSame() {
        CharNgramModel lm = CharNgramModel.fit(List.of("one two three", "two three four", "three four five"), 4, "en");
        CharNgramModel again = CharNgramModel.of("en", TextForm.SPOKEN, 4, lm.sentences(), lm.ngrams(), lm.counts());
        for (String s : List.of("two three", "five four", "one two three four five", "")) {
            assertEquals(lm.logProb(s), again.logProb(s), 0, s);
        }
    }

    @Test
    void badInputsAreRefusedByName() {
        assertEquals("n-gram order must be 2 to 7, got 8", assertThrows(IllegalArgumentException.class,
                () -> CharNgramModel.fit(List.of("a"), 8, "en")).getMessage());
        assertEquals("no text to count: every sentence is empty", assertThrows(IllegalArgumentException.class,
                () -> CharNgramModel.fit(List.of("", "  "), 3, "en")).getMessage());
        assertEquals("n-gram 1 is out of order or range, or has count 1", assertThrows(IllegalArgumentException.class,
                () -> CharNgramModel.of("en", TextForm.SPOKEN, 2, 1, new long[] {600, 599}, new long[] {1, 1})).getMessage());
        CharNgramModel lm = CharNgramModel.fit(List.of("ab"), 2, "en");
        assertEquals("symbol 257 is neither a byte nor the boundary", assertThrows(IllegalArgumentException.class,
                () -> lm.logProb(lm.initial(), 257)).getMessage());
    }
}
