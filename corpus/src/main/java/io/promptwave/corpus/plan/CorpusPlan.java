package io.promptwave.corpus.plan;

import io.promptwave.corpus.spec.CorpusSpec;
import io.promptwave.corpus.text.Sentence;
import java.util.List;
import java.util.Map;

/**
 * What a corpus will hold: per split, its candidate utterances in order of preference, and, for
 * a language-model corpus, the sentences of the text-only corpus.
 *
 * @param spec the spec it comes from
 * @param scale "small" or "full"
 * @param seed the seed used
 * @param candidates split name to candidates (subsets have none of their own)
 * @param lmSentences the text-only corpus (empty when the spec asks for none)
 * @param textSources the files the texts were read from
 */
public record CorpusPlan(CorpusSpec spec, String scale, long seed, Map<String, List<PlannedUtterance>> candidates,
        List<Sentence> lmSentences, List<java.nio.file.Path> textSources) {

    /**
     * @return a SHA-256 over every candidate's id, text, voice, channel and seed: two plans with the
     *     same fingerprint ask for the same audio, so a directory made under one may be resumed by the other
     */
    public String fingerprint() {
        StringBuilder all = new StringBuilder();
        for (PlannedUtterance u : allCandidates()) {
            all.append(u.id()).append('\t').append(u.text()).append('\t').append(u.speaker()).append('\t')
                    .append(u.seed()).append('\n');
        }
        return io.promptwave.corpus.Checksums.sha256(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** @return every candidate of every split, in plan order */
    public List<PlannedUtterance> allCandidates() {
        return candidates.values().stream().flatMap(List::stream).toList();
    }
}
