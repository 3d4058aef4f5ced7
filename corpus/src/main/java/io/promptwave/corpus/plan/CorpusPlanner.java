package io.promptwave.corpus.plan;

import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.spec.CorpusSpec;
import io.promptwave.corpus.spec.HeldOut;
import io.promptwave.corpus.text.Sentence;
import io.promptwave.corpus.text.SentencePool;
import io.promptwave.corpus.text.SpokenForm;
import io.promptwave.corpus.tts.Voice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Turns a spec into a {@link CorpusPlan}.
 *
 * <p>Sentences are drawn in the pool's seeded order and never reused across the splits of a
 * corpus, so no sentence is in two splits. Each split cycles through a seeded permutation of its
 * voices so speakers are balanced. A split planned by duration gets candidates until its estimate
 * (characters over speaking rate) exceeds the target by 8 %; one planned by count gets 8 % more
 * candidates than it needs: utterances that synthesise outside 1 to 15 s are dropped later, and
 * the first candidates that fit are kept.
 */
public final class CorpusPlanner {
    /**
     * Characters per second of a voice at rate 1.0, for estimates only. Measured on the full
     * en-pretrain corpus: 17 to 19 per voice, kept silence included; 20 keeps estimates below the
     * truth, so duration-sized splits get enough candidates.
     */
    private static final double CHARS_PER_SECOND = 20;
    private static final double SPARE = 1.08;

    /**
     * @param spec the corpus
     * @param scale "small" or "full"
     * @param seed overrides the spec's seed
     * @throws CorpusException when the texts cannot be read or do not suffice
     */
    public CorpusPlan plan(CorpusSpec spec, String scale, long seed) throws CorpusException, IOException {
        CorpusSpec.Texts texts = spec.texts();
        switch (texts.kind) {
            case "fortunes":
                return planSentences(spec, scale, seed);
            case "task":
                return planTask(spec, scale, seed);
            default:
                throw new CorpusException(spec.file() + ": texts.kind must be fortunes or task, got '" + texts.kind + "'");
        }
    }

    /** @return the fortune files a spec reads, checked to exist */
    public static List<Path> textFiles(CorpusSpec spec) throws CorpusException {
        List<Path> files = new ArrayList<>();
        for (String name : spec.texts().files) {
            Path file = Path.of(spec.texts().directory, name);
            if (!Files.isRegularFile(file)) {
                throw new CorpusException(spec.file() + ": text file " + file + " is missing (install: apt-get install "
                        + String.join(" ", spec.texts().packages) + ")");
            }
            files.add(file);
        }
        return files;
    }

    private CorpusPlan planSentences(CorpusSpec spec, String scale, long seed) throws CorpusException, IOException {
        CorpusSpec.Texts texts = spec.texts();
        List<Path> files = textFiles(spec);
        SentencePool pool = SentencePool.read(files, SpokenForm.forLanguage(spec.language()), texts.minChars,
                texts.maxChars).buckets(texts.buckets[0], texts.buckets[1]);
        List<Sentence> ordered = pool.shuffled(seed);
        Map<String, List<PlannedUtterance>> candidates = new LinkedHashMap<>();
        int cursor = 0;
        for (CorpusSpec.Split split : spec.splits()) {
            if (split.subsetOf() != null) {
                continue;
            }
            CorpusSpec.SizeJson size = split.size(scale);
            List<Voice> voices = permutedVoices(spec.voices(split.voiceGroup()), seed, split.name());
            List<PlannedUtterance> planned = new ArrayList<>();
            if (size.allSentences) {
                List<Sentence> rest = ordered.subList(cursor, ordered.size());
                cursor = ordered.size();
                double estimate = 0;
                double target = Double.isNaN(size.seconds()) ? 0 : size.seconds() * SPARE;
                for (int pass = 0; pass == 0 || estimate < target && pass < voices.size(); pass++) {
                    for (int i = 0; i < rest.size() && (pass == 0 || estimate < target); i++) {
                        PlannedUtterance u = utterance(spec, split, planned.size(), rest.get(i), null, null,
                                voices.get((i + pass) % voices.size()), seed);
                        planned.add(u);
                        estimate += u.estimatedSeconds();
                    }
                }
            } else {
                double target = size.seconds();
                double estimate = 0;
                int wanted = size.utterances == null ? Integer.MAX_VALUE : (int) Math.ceil(size.utterances * SPARE) + 2;
                while (planned.size() < wanted && (Double.isNaN(target) || estimate < target * SPARE)) {
                    if (cursor >= ordered.size()) {
                        throw new CorpusException(spec.file() + ": split '" + split.name() + "' needs more sentences than"
                                + " the pool holds (" + ordered.size() + " in buckets " + texts.buckets[0] + "-"
                                + texts.buckets[1] + ")");
                    }
                    PlannedUtterance u = utterance(spec, split, planned.size(), ordered.get(cursor++), null, null,
                            voices.get(planned.size() % voices.size()), seed);
                    planned.add(u);
                    estimate += u.estimatedSeconds();
                }
            }
            candidates.put(split.name(), List.copyOf(planned));
        }
        List<Sentence> lm = spec.writesLanguageModelText() ? pool.all() : List.of();
        return new CorpusPlan(spec, scale, seed, candidates, lm, files);
    }

    private CorpusPlan planTask(CorpusSpec spec, String scale, long seed) throws CorpusException, IOException {
        Path schemaFile = spec.file().toAbsolutePath().getParent().resolve(spec.texts().schema);
        TaskSchema schema = TaskSchema.load(schemaFile);
        SlotCommands commands = new SlotCommands(schema, spec.texts().heldOut, spec.texts().heldOutDev, seed);
        Map<String, int[]> buckets = seenBuckets(spec, scale);
        Set<String> usedElsewhere = new HashSet<>();
        Map<String, List<PlannedUtterance>> candidates = new LinkedHashMap<>();
        for (CorpusSpec.Split split : spec.splits()) {
            if (split.subsetOf() != null) {
                continue;
            }
            CorpusSpec.SizeJson size = split.size(scale);
            if (size.utterances == null) {
                throw new CorpusException(spec.file() + ": task split '" + split.name() + "' must be sized in utterances");
            }
            if (!commands.canDraw(split.heldOut())) {
                throw new CorpusException(spec.file() + ": split '" + split.name() + "' needs held-out commands, but "
                        + schemaFile.getFileName() + " holds no template or value out (too few of them, or texts.held_out is 0)");
            }
            SplittableRandom random = new SplittableRandom(seed * 31 + split.name().hashCode());
            List<Voice> voices = permutedVoices(spec.voices(split.voiceGroup()), seed, split.name());
            Set<String> usedHere = new HashSet<>();
            List<PlannedUtterance> planned = new ArrayList<>();
            int wanted = (int) Math.ceil(size.utterances * SPARE) + 2;
            while (planned.size() < wanted) {
                SlotCommands.Command command = null;
                // a command of this split's buckets that no other split used; a repeat within the
                // split (another voice saying it) only once fresh commands have become rare
                int[] range = buckets.get(split.name());
                for (int attempt = 0; attempt < 50_000 && command == null; attempt++) {
                    SlotCommands.Command c = commands.draw(split.heldOut(), random);
                    int bucket = SentencePool.bucket(c.text());
                    boolean mine = range == null || bucket >= range[0] && bucket < range[1];
                    if (mine && !usedElsewhere.contains(c.text()) && (attempt >= 5_000 || !usedHere.contains(c.text()))) {
                        command = c;
                    }
                }
                if (command == null) {
                    throw new CorpusException(spec.file() + ": the schema cannot give split '" + split.name()
                            + "' commands that no other split uses");
                }
                usedHere.add(command.text());
                Sentence sentence = new Sentence(command.text(), null, schemaFile.getFileName().toString());
                planned.add(utterance(spec, split, planned.size(), sentence, command.intent(), command.slots(),
                        voices.get(planned.size() % voices.size()), seed));
            }
            usedElsewhere.addAll(usedHere);
            candidates.put(split.name(), List.copyOf(planned));
        }
        return new CorpusPlan(spec, scale, seed, candidates, List.of(), List.of(schemaFile));
    }

    /**
     * Splits drawing from the seen templates and values (train, dev) share one space of commands,
     * which a 2000-utterance training split nearly exhausts. Like sentences, commands are
     * partitioned by the hash of their words: each such split owns a share of the 100 buckets in
     * proportion to its size (at least one), so dev keeps commands train never says.
     */
    private static Map<String, int[]> seenBuckets(CorpusSpec spec, String scale) {
        List<CorpusSpec.Split> seen = spec.splits().stream().filter(s -> s.subsetOf() == null && s.heldOut() == HeldOut.NONE).toList();
        double total = seen.stream().mapToDouble(s -> s.size(scale).utterances).sum();
        Map<String, int[]> ranges = new LinkedHashMap<>();
        int from = 0;
        for (int i = 0; i < seen.size(); i++) {
            int share = Math.max(1, (int) Math.ceil(SentencePool.BUCKETS * seen.get(i).size(scale).utterances / total));
            int to = i == seen.size() - 1 ? SentencePool.BUCKETS : Math.min(SentencePool.BUCKETS - (seen.size() - 1 - i), from + share);
            ranges.put(seen.get(i).name(), new int[] {from, to});
            from = to;
        }
        return ranges;
    }

    private static PlannedUtterance utterance(CorpusSpec spec, CorpusSpec.Split split, int index, Sentence sentence,
            String intent, List<io.promptwave.corpus.SlotSpan> slots, Voice voice, long seed) {
        String id = String.format("%s-%s-%06d", spec.name(), split.name(), index);
        long utteranceSeed = seed * 1_000_003L + id.hashCode();
        double estimate = sentence.spoken().length() / (CHARS_PER_SECOND * voice.rate()) + 0.3;
        return new PlannedUtterance(id, split.name(), sentence.spoken(), sentence.original(), sentence.source(), voice,
                spec.channel(), utteranceSeed, intent, slots == null ? List.of() : slots, estimate);
    }

    private static List<Voice> permutedVoices(List<Voice> voices, long seed, String split) {
        List<Voice> copy = new ArrayList<>(voices);
        SplittableRandom random = new SplittableRandom(seed ^ split.hashCode());
        for (int i = copy.size() - 1; i > 0; i--) {
            java.util.Collections.swap(copy, i, random.nextInt(i + 1));
        }
        return copy;
    }
}
