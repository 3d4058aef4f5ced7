package io.promptwave.corpus.text;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the sentences of a fortune file: entries separated by lines holding only {@code %},
 * attribution lines ({@code -- Author}) dropped, lines joined, and the prose split into
 * sentences at {@code . ! ?} followed by a capital letter or a quote.
 */
public final class FortuneSentences {
    private static final Pattern ATTRIBUTION = Pattern.compile("^\\s*(--|~~)");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])[\"')]*\\s+(?=[\"'(]?[A-Z\u00C0-\u00DD])");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private FortuneSentences() {
    }

    /**
     * @param file a fortune file (UTF-8, or Latin-1 when it is not valid UTF-8)
     * @return its sentences in file order, with their original spelling and punctuation
     */
    public static List<String> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        List<String> sentences = new ArrayList<>();
        for (String entry : text.split("\r?\n%\r?\n")) {
            StringBuilder prose = new StringBuilder();
            for (String line : entry.split("\r?\n")) {
                if (!ATTRIBUTION.matcher(line).find() && !line.isBlank()) {
                    prose.append(line.strip()).append(' ');
                }
            }
            String joined = SPACES.matcher(prose).replaceAll(" ").strip();
            for (String sentence : SENTENCE_END.split(joined)) {
                if (!sentence.isBlank()) {
                    sentences.add(sentence.strip());
                }
            }
        }
        return sentences;
    }
}
