package io.promptwave.corpus.synth;

import com.google.gson.annotations.SerializedName;
import io.promptwave.corpus.ManifestEntry;
import io.promptwave.corpus.plan.CorpusPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@code corpus.json} records: the corpus, its seed and scale, the spec's checksum, the
 * tools and text sources (with checksums), per split its size, speakers and manifest checksum, and
 * one checksum over all audio. Nothing in it depends on the time or machine, so two runs of the
 * same spec, seed and scale write the same file.
 */
public final class CorpusSummary {
    String name;
    String description;
    String language;
    String scale;
    long seed;
    @SerializedName("spec_sha256")
    String specSha256;
    @SerializedName("plan_sha256")
    String planSha256;
    Map<String, String> tools;
    @SerializedName("text_sources")
    List<Source> textSources;
    @SerializedName("excluded_voices")
    List<String> excludedVoices;
    int utterances;
    double hours;
    int speakers;
    @SerializedName("rejected_candidates")
    int rejectedCandidates;
    @SerializedName("lm_sentences")
    int lmSentences;
    @SerializedName("audio_sha256")
    String audioSha256;
    Map<String, SplitSummary> splits;

    static CorpusSummary of(CorpusPlan plan, Map<String, SplitSummary> splits, Map<String, String> tools,
            List<Source> sources, String audioSha256, int rejected, int lmSentences) {
        CorpusSummary s = new CorpusSummary();
        s.name = plan.spec().name();
        s.description = plan.spec().description();
        s.language = plan.spec().language();
        s.scale = plan.scale();
        s.seed = plan.seed();
        s.specSha256 = plan.spec().sha256();
        s.planSha256 = plan.fingerprint();
        s.tools = new LinkedHashMap<>(tools);
        s.textSources = sources;
        s.excludedVoices = plan.spec().excludedVoices();
        s.splits = splits;
        s.rejectedCandidates = rejected;
        s.lmSentences = lmSentences;
        s.audioSha256 = audioSha256;
        TreeSet<String> speakers = new TreeSet<>();
        for (Map.Entry<String, SplitSummary> e : splits.entrySet()) {
            if (plan.spec().splits().stream().anyMatch(sp -> sp.name().equals(e.getKey()) && sp.subsetOf() == null)) {
                s.utterances += e.getValue().utterances;
                s.hours += e.getValue().hours;
            }
            speakers.addAll(e.getValue().speakerList);
        }
        s.hours = Math.round(s.hours * 1e4) / 1e4;
        s.speakers = speakers.size();
        return s;
    }

    /** @return the corpus name */
    public String name() {
        return name;
    }

    /** @return utterances over all splits that are not subsets */
    public int utterances() {
        return utterances;
    }

    /** @return hours over all splits that are not subsets */
    public double hours() {
        return hours;
    }

    /** @return distinct speaker configurations */
    public int speakers() {
        return speakers;
    }

    /** @return per split, its summary */
    public Map<String, SplitSummary> splits() {
        return splits;
    }

    /** @return the checksum over every audio file's checksum */
    public String audioSha256() {
        return audioSha256;
    }

    /**
     * A text file the corpus read, with its SHA-256.
     *
     * @param file path
     * @param sha256 checksum of its bytes
     */
    public record Source(String file, String sha256) {
    }

    /** One split's figures. */
    public static final class SplitSummary {
        int utterances;
        double hours;
        int sentences;
        int speakers;
        @SerializedName("speaker_list")
        List<String> speakerList;
        @SerializedName("manifest_sha256")
        String manifestSha256;

        static SplitSummary of(List<ManifestEntry> entries, String manifestSha256) {
            SplitSummary s = new SplitSummary();
            s.utterances = entries.size();
            double seconds = entries.stream().mapToDouble(ManifestEntry::duration).sum();
            s.hours = Math.round(seconds / 3600 * 1e4) / 1e4;
            s.sentences = (int) entries.stream().map(ManifestEntry::text).distinct().count();
            TreeSet<String> speakers = new TreeSet<>();
            entries.forEach(e -> speakers.add(e.speaker()));
            s.speakers = speakers.size();
            s.speakerList = List.copyOf(speakers);
            s.manifestSha256 = manifestSha256;
            return s;
        }

        /** @return utterances in the split */
        public int utterances() {
            return utterances;
        }

        /** @return hours of audio in the split */
        public double hours() {
            return hours;
        }

        /** @return distinct sentences in the split */
        public int sentences() {
            return sentences;
        }

        /** @return distinct speakers in the split */
        public int speakers() {
            return speakers;
        }
    }
}
