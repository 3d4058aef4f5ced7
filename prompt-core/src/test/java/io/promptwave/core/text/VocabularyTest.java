package io.promptwave.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    private final Vocabulary vocab = new Vocabulary(List.of("en", "it"), 500);

    @Test
    void blocksAreLaidOutInOrder() {
        assertEquals(8 + 2 + 256 + 500, vocab.size());
        assertEquals(8, vocab.language("en"));
        assertEquals(9, vocab.language("it"));
        assertArrayEquals(new int[] {10 + 'h', 10 + 'i'}, vocab.encode("hi"));
        assertEquals(10 + 256, vocab.unit(0));
        assertEquals(499, vocab.unitOf(vocab.unit(499)));
        assertEquals(-1, vocab.unitOf(vocab.language("en")));
        assertEquals("<eos>", vocab.name(Vocabulary.EOS));
        assertEquals("<it>", vocab.name(9));
        assertEquals("0x61", vocab.name(10 + 'a'));
        assertEquals("<u7>", vocab.name(vocab.unit(7)));
    }

    @Test
    void anyTextRoundTripsThroughItsBytes() {
        for (String text : new String[] {"set an alarm for seven", "perché è così", "naïve café \u2013 \ud83d\ude00", ""}) {
            assertEquals(text, vocab.decode(vocab.encode(text)));
        }
    }

    @Test
    void decodingSkipsOtherTokensAndReplacesBrokenCharacters() {
        int[] ids = vocab.encode("è");
        int[] withSpecials = {Vocabulary.BOS, vocab.language("it"), ids[0], ids[1], vocab.unit(3), Vocabulary.EOS};
        assertEquals("è", vocab.decode(withSpecials));
        assertEquals("a\ufffd", vocab.decode(new int[] {10 + 'a', ids[0]}), "half a character");
    }

    @Test
    void badRequestsNameWhatThereIs() {
        assertEquals("the vocabulary has no language 'fr' (has [en, it])",
                assertThrows(IllegalArgumentException.class, () -> vocab.language("fr")).getMessage());
        assertEquals("unit 500 outside 0..499", assertThrows(IllegalArgumentException.class, () -> vocab.unit(500)).getMessage());
        assertEquals("config states 700 tokens, its blocks add up to 766", assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.fromConfig(Vocabulary.SPECIALS, List.of("en", "it"), 500, 700)).getMessage());
    }
}
