package io.promptwave.corpus.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpokenFormTest {
    private static final SpokenForm EN = SpokenForm.forLanguage("en");
    private static final SpokenForm IT = SpokenForm.forLanguage("it");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Nothing is certain but death and taxes.|nothing is certain but death and taxes",
        "I've seen 1,984 sheep -- and 21 goats!|i've seen one thousand nine hundred eighty four sheep and twenty one goats",
        "It costs $3.50, or 12% more.|it costs three point five zero dollars or twelve percent more",
        "\"Don't panic,\" said Ford & Arthur.|don't panic said ford and arthur",
        "Pi is roughly 3.14 in well-known books.|pi is roughly three point one four in well known books",
        "The year 2000 came; 1000000 people cheered.|the year two thousand came one million people cheered",
    })
    void englishSentencesBecomeSpokenWords(String written, String spoken) {
        assertEquals(Optional.of(spoken), EN.speak(written));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Visit http://example.com today.",
        "The NASA budget grew.",
        "Meet me at 10:30 sharp.",
        "Use x = y + 1 here.",
        "Too short.",
        "He won the 1st prize easily.",
        "Caf\u00e9 au lait is good.",
    })
    void englishSentencesThatCannotBeSpokenCleanlyAreRefused(String written) {
        assertEquals(Optional.empty(), EN.speak(written));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Il cervello e' un organo favoloso.|il cervello \u00e8 un organo favoloso",
        "Perche' non si puo' fare un po' di piu'?|perch\u00e9 non si pu\u00f2 fare un po' di pi\u00f9",
        "E' nato nel 1984 con 21 dita.|\u00e8 nato nel mille novecentottantaquattro con ventuno dita",
        "Ho visto 38 gatti e 103 cani.|ho visto trentotto gatti e centotr\u00e9 cani",
        "Costa 2000 euro, cioe' 1500 dollari.|costa duemila euro cio\u00e8 mille cinquecento dollari",
    })
    void italianSentencesBecomeSpokenWords(String written, String spoken) {
        assertEquals(Optional.of(spoken), IT.speak(written));
    }
}
