package io.promptwave.cli;

import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.TrainingExample;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Text files of sentences, one a line (as {@code corpus synth} writes {@code text/sentences.txt}),
 * to text-only {@code <asr>} examples: what the decoder learns as a language model.
 */
final class TextExamples {
    private TextExamples() {
    }

    /**
     * @param files UTF-8 text, one sentence a line; blank lines are skipped
     * @param vocabulary the model's vocabulary
     * @param language the sentences' language token
     * @param maxTokens the most tokens one batch holds: a longer sentence is refused rather than cut
     * @return one example per sentence, in file order
     * @throws IOException naming the file (and line) that is missing, not UTF-8, too long or empty of sentences
     */
    static List<TrainingExample> read(List<Path> files, Vocabulary vocabulary, String language, int maxTokens)
            throws IOException {
        int[] prefix = {Vocabulary.ASR, vocabulary.language(language)};
        List<TrainingExample> out = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + ": no such text file");
            }
            int before = out.size();
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                    decoder))) {
                int number = 0;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    number++;
                    String sentence = line.strip();
                    if (sentence.isEmpty()) {
                        continue;
                    }
                    int[] labels = vocabulary.encode(sentence);
                    if (prefix.length + labels.length + 1 > maxTokens) {
                        throw new IOException(file + ":" + number + ": a sentence of " + labels.length
                                + " tokens does not fit a batch of " + maxTokens + " (raise --batch-frames or split it)");
                    }
                    out.add(TrainingExample.text(file.getFileName() + ":" + number, prefix, labels));
                }
            } catch (CharacterCodingException e) {
                throw new IOException(file + ": not UTF-8 text (" + e.getMessage() + ")", e);
            }
            if (out.size() == before) {
                throw new IOException(file + ": no sentences (every line is blank)");
            }
        }
        return out;
    }
}
