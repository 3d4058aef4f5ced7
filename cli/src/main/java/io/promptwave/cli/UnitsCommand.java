package io.promptwave.cli;

import com.google.gson.stream.JsonWriter;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.feature.CmvnStats;
import io.promptwave.audio.feature.FbankExtractor;
import io.promptwave.audio.feature.FeaturePipeline;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.train.UnitModel;
import io.promptwave.core.train.UtteranceSource;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.Manifest;
import io.promptwave.corpus.ManifestEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promptwave units}: fit the Wav2Seq pseudo language and write its targets. */
@Command(name = "units", mixinStandardHelpOptions = true,
        description = "Fit the Wav2Seq pseudo language (k-means units + BPE) and encode audio into it.",
        subcommands = {UnitsCommand.Fit.class, UnitsCommand.Encode.class})
final class UnitsCommand implements Runnable {
    /** The frames units are made of: the model's features, normalised per utterance. */
    static final String FEATURES = "fbank80 16kHz per-utterance-cmvn";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (fit or encode)");
    }

    /** The utterances of manifests, featurised on demand; an unreadable file is reported once and skipped. */
    static final class ManifestUtterances implements UtteranceSource {
        private final FeaturePipeline pipeline = new FeaturePipeline(new AudioDecoder(), FbankExtractor::new);
        private final List<String> ids = new ArrayList<>();
        private final List<Path> audio = new ArrayList<>();
        /** Read by k-means' worker threads at once. */
        private final java.util.Set<Integer> failed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final PrintWriter err;

        ManifestUtterances(List<Path> manifests, PrintWriter err) throws CorpusException, IOException {
            this.err = err;
            for (Path manifest : manifests) {
                for (ManifestEntry e : Manifest.read(manifest)) {
                    ids.add(e.id());
                    audio.add(manifest.toAbsolutePath().getParent().resolve(e.audio()));
                }
            }
        }

        String id(int index) {
            return ids.get(index);
        }

        /**
         * @param command the subcommand, for the message
         * @return 0 when every file was read; else prints how many were left out and returns the
         *     failed-input exit code (what was made from the rest is kept)
         */
        int exitCode(String command) {
            if (failed.isEmpty()) {
                return 0;
            }
            err.printf(Locale.ROOT, "promptwave units %s: %d of %d utterances could not be read and were left out%n",
                    command, failed.size(), ids.size());
            return PromptwaveCommand.EXIT_FAILED_INPUT;
        }

        @Override
        public int size() {
            return ids.size();
        }

        @Override
        public FeatureSequence features(int index) {
            if (failed.contains(index)) {
                return null;
            }
            try {
                FeatureSequence f = pipeline.extract(audio.get(index));
                return CmvnStats.of(f).normalize(f, true);
            } catch (AudioFormatException | IOException e) {
                failed.add(index);
                err.println("promptwave units: " + PromptwaveCommand.describe(e));
                return null;
            }
        }
    }

    /** {@code promptwave units fit}. */
    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = {"Fit a unit model on the audio of manifests: k-means over fbank frames (normalised per",
                "utterance), consecutive repeats merged, BPE over the unit strings. Saves units.json and",
                "units.safetensors into --out."})
    static final class Fit implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "JSONL manifest(s); text is ignored.")
        private List<Path> manifests;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the unit model goes.")
        private Path out;

        @Option(names = "--k", defaultValue = "100", description = "k-means clusters, 2 to 1000. Default: ${DEFAULT-VALUE}.")
        private int k;

        @Option(names = "--vocab", defaultValue = "500", description = "Pseudo subwords (>= k). Default: ${DEFAULT-VALUE}.")
        private int vocab;

        @Option(names = "--max-frames", defaultValue = "200000", description = "Frames k-means sees at most. Default: ${DEFAULT-VALUE}.")
        private int maxFrames;

        @Option(names = "--iterations", defaultValue = "20", description = "Lloyd iterations at most. Default: ${DEFAULT-VALUE}.")
        private int iterations;

        @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
        private long seed;

        @Option(names = "--jobs", description = "Threads. Default: the number of cores.")
        private Integer jobs;

        @Override
        public Integer call() throws CorpusException, IOException {
            if (k < 2 || k > 1000 || vocab < k || maxFrames < k || iterations < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "need 2 <= --k <= 1000, --vocab >= --k, --max-frames >= --k and --iterations >= 1");
            }
            PrintWriter err = spec.commandLine().getErr();
            long start = System.nanoTime();
            UnitModel.Fit fit;
            ManifestUtterances utterances = new ManifestUtterances(manifests, err);
            try {
                fit = UnitModel.fit(utterances, k, vocab, maxFrames, iterations, seed,
                        jobs == null ? Runtime.getRuntime().availableProcessors() : jobs, FEATURES);
            } catch (IllegalArgumentException tooFew) {
                err.println("promptwave units fit: " + tooFew.getMessage());
                return PromptwaveCommand.EXIT_FAILED_INPUT;
            }
            fit.model().save(out);
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "%s: %d units, %d pseudo subwords from %d utterances (%d frames); %.2f units and %.2f pseudo subwords"
                    + " per second of audio (%.0f s)%n", out, fit.model().k(), fit.model().vocabularySize(),
                    fit.utterances(), fit.frames(), fit.units() * 100.0 / fit.frames(),
                    fit.pseudoSubwords() * 100.0 / fit.frames(), (System.nanoTime() - start) / 1e9);
            return utterances.exitCode("fit");
        }
    }

    /** {@code promptwave units encode}. */
    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Write the pseudo-subword targets of a manifest's audio: one {\"id\", \"units\"} line per utterance.")
    static final class Encode implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "DIR", description = "A unit model from `units fit`.")
        private Path model;

        @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "JSONL manifest(s).")
        private List<Path> manifests;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSONL file to write.")
        private Path out;

        @Override
        public Integer call() throws CorpusException, IOException, ModelFormatException {
            UnitModel units = UnitModel.load(model);
            ManifestUtterances utterances = new ManifestUtterances(manifests, spec.commandLine().getErr());
            int written = 0;
            try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (int i = 0; i < utterances.size(); i++) {
                    FeatureSequence features = utterances.features(i);
                    if (features == null) {
                        continue;
                    }
                    written++;
                    StringWriter line = new StringWriter();
                    try (JsonWriter json = new JsonWriter(line)) {
                        json.beginObject().name("id").value(utterances.id(i)).name("units").beginArray();
                        for (int u : units.encode(features)) {
                            json.value(u);
                        }
                        json.endArray().endObject();
                    }
                    writer.write(line.toString());
                    writer.newLine();
                }
            }
            spec.commandLine().getOut().printf("%s: %d utterances%n", out, written);
            return utterances.exitCode("encode");
        }
    }
}
