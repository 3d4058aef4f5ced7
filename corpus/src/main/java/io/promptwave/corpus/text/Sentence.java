package io.promptwave.corpus.text;

/**
 * One sentence of a corpus: as written in its source and as spoken.
 *
 * @param spoken the spoken form: what the voice says and the manifest's {@code text}
 * @param original the sentence as found in the source, kept in the manifest
 * @param source where it came from (a fortune file's name)
 */
public record Sentence(String spoken, String original, String source) {
}
