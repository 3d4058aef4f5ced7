package io.promptwave.corpus.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SentencePoolTest {

    private static Path sample() throws URISyntaxException {
        return Path.of(SentencePoolTest.class.getClassLoader().getResource("fortunes/sample").toURI());
    }

    @Test
    void fortunesAreSplitIntoSentencesWithoutAttributions() throws IOException, URISyntaxException {
        List<String> sentences = FortuneSentences.read(sample());
        assertEquals(List.of("A penny saved is a penny earned.", "Waste not, want not!",
                "It was 1984 and 21 clocks struck thirteen.", "The NASA team went home.", "\"Is that so?\" she asked.",
                "\"It is,\" he said, \"and 3.5% of it is true.\"", "A penny saved is a penny earned.",
                "Visit http://example.com for more."), sentences);
    }

    @Test
    void poolKeepsDistinctSpeakableSentencesWithTheirOriginals() throws IOException, URISyntaxException {
        SentencePool pool = SentencePool.read(List.of(sample()), SpokenForm.forLanguage("en"), 10, 200);
        List<String> spoken = pool.all().stream().map(Sentence::spoken).toList();
        assertEquals(List.of("a penny saved is a penny earned", "waste not want not",
                "it was one thousand nine hundred eighty four and twenty one clocks struck thirteen", "is that so she asked",
                "it is he said and three point five percent of it is true"), spoken);
        assertEquals("It was 1984 and 21 clocks struck thirteen.", pool.all().get(2).original());
        assertEquals("sample", pool.all().get(0).source());
    }

    @Test
    void bucketsPartitionEverySentenceExactlyOnce() {
        List<Sentence> sentences = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            sentences.add(new Sentence("sentence number " + i, null, "x"));
        }
        SentencePool pool = SentencePool.of(sentences);
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int[] range : new int[][] {{0, 4}, {4, 12}, {12, 100}}) {
            for (Sentence s : pool.buckets(range[0], range[1]).all()) {
                assertTrue(seen.add(s.spoken()), s.spoken() + " in two ranges");
                total++;
            }
        }
        assertEquals(2000, total);
        int small = pool.buckets(0, 4).all().size();
        assertTrue(small > 40 && small < 130, "about 4 % in buckets 0-3, got " + small);
        // the bucket depends on the words alone, never on the order or company they come in
        assertEquals(SentencePool.bucket("sentence number 7"), SentencePool.bucket("sentence number 7"));
    }

    @Test
    void shuffleIsFixedBySeedAndDiffersAcrossSeeds() {
        List<Sentence> sentences = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sentences.add(new Sentence("words " + i, null, "x"));
        }
        SentencePool pool = SentencePool.of(sentences);
        List<Sentence> reversedInput = new ArrayList<>(sentences);
        java.util.Collections.reverse(reversedInput);
        assertEquals(pool.shuffled(5), SentencePool.of(reversedInput).shuffled(5));
        assertNotEquals(pool.shuffled(5), pool.shuffled(6));
    }
}
