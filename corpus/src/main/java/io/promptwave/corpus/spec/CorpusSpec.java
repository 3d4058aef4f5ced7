package io.promptwave.corpus.spec;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import io.promptwave.corpus.Checksums;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.channel.Channel;
import io.promptwave.corpus.tts.Engine;
import io.promptwave.corpus.tts.Voice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed and validated corpus spec. See {@code recipes/corpora/README.md} for the format; every
 * field is checked on load and a bad one is named with the file.
 */
public final class CorpusSpec {
    private final Path file;
    private final String sha256;
    private final Json json;
    private final Map<String, List<Voice>> voiceGroups;
    private final Channel channel;

    private CorpusSpec(Path file, String sha256, Json json, Map<String, List<Voice>> voiceGroups, Channel channel) {
        this.file = file;
        this.sha256 = sha256;
        this.json = json;
        this.voiceGroups = voiceGroups;
        this.channel = channel;
    }

    /**
     * Reads and checks a spec.
     *
     * @throws CorpusException naming the file and the field when the spec is malformed
     */
    public static CorpusSpec load(Path file) throws CorpusException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new CorpusException(file + ": no such spec file");
        }
        byte[] bytes = Files.readAllBytes(file);
        Json json;
        try {
            json = new Gson().fromJson(new String(bytes, StandardCharsets.UTF_8), Json.class);
        } catch (JsonParseException e) {
            throw new CorpusException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (json == null) {
            throw new CorpusException(file + ": empty spec");
        }
        try {
            require(json.name != null && json.name.matches("[a-z0-9\\-]+"), "name must be lowercase letters, digits and -");
            require(json.language != null, "language is required");
            require(json.texts != null && json.texts.kind != null, "texts.kind is required (fortunes or task)");
            require(json.splits != null && !json.splits.isEmpty(), "at least one split is required");
            Map<String, List<Voice>> groups = new LinkedHashMap<>();
            require(json.voices != null && !json.voices.isEmpty(), "voices are required");
            for (Map.Entry<String, List<VoiceGroupJson>> group : json.voices.entrySet()) {
                List<Voice> voices = new ArrayList<>();
                for (VoiceGroupJson g : group.getValue()) {
                    voices.addAll(g.expand());
                }
                require(!voices.isEmpty(), "voice group '" + group.getKey() + "' is empty");
                groups.put(group.getKey(), List.copyOf(voices));
            }
            List<String> names = new ArrayList<>();
            for (SplitJson split : json.splits) {
                require(split.name != null && split.name.matches("[a-z0-9\\-]+"), "every split needs a name of a-z, 0-9, -");
                require(!names.contains(split.name), "split '" + split.name + "' appears twice");
                if (split.subsetOf != null) {
                    require(names.contains(split.subsetOf), "split '" + split.name + "' is a subset of '"
                            + split.subsetOf + "', which must come before it");
                } else {
                    require(groups.containsKey(split.voices), "split '" + split.name + "' uses voice group '"
                            + split.voices + "', which is not defined");
                }
                require(split.size != null && split.size.containsKey("small") && split.size.containsKey("full"),
                        "split '" + split.name + "' needs a size for both scales, small and full");
                for (SizeJson size : split.size.values()) {
                    size.check(split.name);
                }
                HeldOut heldOut = HeldOut.parse(split.heldOut, split.name);
                require(heldOut != HeldOut.DEV || json.texts.heldOutDev > 0, "split '" + split.name
                        + "' draws from the templates held out for dev, but texts.held_out_dev is 0");
                names.add(split.name);
            }
            require(json.texts.heldOut >= 0 && json.texts.heldOutDev >= 0 && json.texts.heldOut + json.texts.heldOutDev < 1,
                    "texts.held_out and texts.held_out_dev must be shares >= 0 that leave templates for training");
            Channel channel = json.channel == null || "clean".equals(json.channel.type) ? Channel.clean()
                    : channel(json.channel);
            for (String excluded : json.excludeVoices) {
                for (List<Voice> voices : groups.values()) {
                    for (Voice v : voices) {
                        require(!v.baseVoice().equals(excluded), "voice " + v.id() + " is listed in exclude_voices");
                    }
                }
            }
            return new CorpusSpec(file, Checksums.sha256(bytes), json, groups, channel);
        } catch (IllegalArgumentException e) {
            throw new CorpusException(file + ": " + e.getMessage(), e);
        }
    }

    private static Channel channel(ChannelJson c) {
        require("telephone".equals(c.type), "channel.type must be clean or telephone, got '" + c.type + "'");
        require(c.snrDb != null && c.snrDb.length == 2, "a telephone channel needs snr_db: [min, max]");
        return Channel.telephone(c.snrDb[0], c.snrDb[1]);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return the spec file */
    public Path file() {
        return file;
    }

    /** @return the SHA-256 of the spec's bytes */
    public String sha256() {
        return sha256;
    }

    /** @return the corpus name */
    public String name() {
        return json.name;
    }

    /** @return what the corpus is for */
    public String description() {
        return json.description == null ? "" : json.description;
    }

    /** @return the language code */
    public String language() {
        return json.language;
    }

    /** @return the default seed */
    public long seed() {
        return json.seed;
    }

    /** @return the text settings */
    public Texts texts() {
        return json.texts;
    }

    /** @return whether a text-only corpus of the whole sentence pool is written beside the audio */
    public boolean writesLanguageModelText() {
        return json.lmText;
    }

    /** @return the channel every utterance goes through */
    public Channel channel() {
        return channel;
    }

    /** @return the voices of a group */
    public List<Voice> voices(String group) {
        return voiceGroups.get(group);
    }

    /** @return every voice of every group */
    public List<Voice> allVoices() {
        List<Voice> all = new ArrayList<>();
        voiceGroups.values().forEach(all::addAll);
        return all;
    }

    /** @return base voices ({@code engine/name}) that must never appear in this corpus */
    public List<String> excludedVoices() {
        return List.copyOf(json.excludeVoices);
    }

    /** @return the splits in order */
    public List<Split> splits() {
        List<Split> splits = new ArrayList<>();
        for (SplitJson s : json.splits) {
            splits.add(new Split(s.name, s.voices, s.subsetOf, HeldOut.parse(s.heldOut, s.name), s.size));
        }
        return splits;
    }

    /**
     * One split of the corpus.
     *
     * @param name e.g. {@code train-1h}
     * @param voiceGroup the voices it uses (null for a subset)
     * @param subsetOf the split it takes its first utterances from, or null
     * @param heldOut for task corpora: which held-out templates and values its commands use
     * @param sizes the size per scale
     */
    public record Split(String name, String voiceGroup, String subsetOf, HeldOut heldOut, Map<String, SizeJson> sizes) {
        /** @return the size at a scale */
        public SizeJson size(String scale) {
            SizeJson size = sizes.get(scale);
            if (size == null) {
                throw new IllegalArgumentException("split '" + name + "' has no size for scale '" + scale + "'");
            }
            return size;
        }
    }

    /** Where a corpus's texts come from. */
    public static final class Texts {
        /** {@code fortunes} or {@code task}. */
        public String kind;
        /** fortunes: the folder holding the fortune files. */
        public String directory;
        /** fortunes: the files to read, in order. */
        public List<String> files = List.of();
        /** The Debian packages that provide them. */
        public List<String> packages = List.of();
        /** fortunes: the partition buckets [from, to) this corpus draws from. */
        public int[] buckets = {0, 100};
        /** Shortest spoken sentence, in characters. */
        @SerializedName("min_chars")
        public int minChars = 20;
        /** Longest spoken sentence, in characters. */
        @SerializedName("max_chars")
        public int maxChars = 180;
        /** task: the schema file, relative to the spec. */
        public String schema;
        /** task: share of each intent's templates and each slot type's values held out for test. */
        @SerializedName("held_out")
        public double heldOut = 0.25;
        /**
         * task: share of each intent's templates and each slot type's values held out for a
         * development split of unseen phrasings (taken after test's share; 0, none, by default).
         */
        @SerializedName("held_out_dev")
        public double heldOutDev;
    }

    /** A split's size at one scale: a number of utterances, or minutes or hours of audio. */
    public static final class SizeJson {
        /** Exactly this many utterances. */
        public Integer utterances;
        /** At least this many minutes. */
        public Double minutes;
        /** At least this many hours. */
        public Double hours;
        /** Every sentence of the pool once, then more voices until {@code hours} is reached. */
        @SerializedName("all_sentences")
        public boolean allSentences;

        void check(String split) {
            int given = (utterances != null ? 1 : 0) + (minutes != null ? 1 : 0) + (hours != null ? 1 : 0);
            require(given == 1 || allSentences && utterances == null && minutes == null,
                    "split '" + split + "' must give exactly one of utterances, minutes or hours");
            require(utterances == null || utterances > 0, "split '" + split + "' needs utterances > 0");
        }

        /** @return the target in seconds, or NaN when the size is a count */
        public double seconds() {
            if (minutes != null) {
                return minutes * 60;
            }
            if (hours != null) {
                return hours * 3600;
            }
            return Double.NaN;
        }
    }

    private static final class Json {
        String name;
        String description;
        String language;
        long seed = 1;
        Texts texts;
        @SerializedName("lm_text")
        boolean lmText;
        Map<String, List<VoiceGroupJson>> voices;
        @SerializedName("exclude_voices")
        List<String> excludeVoices = List.of();
        ChannelJson channel;
        List<SplitJson> splits;
    }

    private static final class ChannelJson {
        String type;
        @SerializedName("snr_db")
        double[] snrDb;
    }

    private static final class SplitJson {
        String name;
        String voices;
        @SerializedName("subset_of")
        String subsetOf;
        /** false, true, "test" or "dev": read by {@link HeldOut#parse}. */
        @SerializedName("held_out")
        Object heldOut;
        Map<String, SizeJson> size;
    }

    private static final class VoiceGroupJson {
        String engine;
        List<String> names;
        List<String> variants;
        List<Double> rates;
        List<Integer> pitches;

        List<Voice> expand() {
            require(engine != null && names != null && !names.isEmpty(), "each voice entry needs engine and names");
            Engine e = Engine.of(engine);
            List<String> vs = variants == null || variants.isEmpty() ? java.util.Collections.singletonList(null) : variants;
            List<Double> rs = rates == null || rates.isEmpty() ? List.of(1.0) : rates;
            List<Integer> ps = pitches == null || pitches.isEmpty() ? java.util.Collections.singletonList(null) : pitches;
            List<Voice> out = new ArrayList<>();
            for (String name : names) {
                for (String variant : vs) {
                    for (double rate : rs) {
                        for (Integer pitch : ps) {
                            out.add(new Voice(e, name, variant, rate, pitch));
                        }
                    }
                }
            }
            return out;
        }
    }
}
