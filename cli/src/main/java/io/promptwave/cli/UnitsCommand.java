package io.promptwave.cli;

import com.google.gson.stream.JsonWriter;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.FeatureSequence;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.feature.CmvnStats;
import io.promptwave.audio.feature.FbankExtractor;
import io.promptwave.audio.feature.FeaturePipeline;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.train.UnitModel;
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

    /** Features of a manifest's audio, per-utterance normalised; failed files are reported and skipped. */
    static List<Item> features(List<Path> manifests, PrintWriter err) throws CorpusException, IOException {
        FeaturePipeline pipeline = new FeaturePipeline(new AudioDecoder(), FbankExtractor::new);
        List<Item> items = new ArrayList<>();
        for (Path manifest : manifests) {
            for (ManifestEntry e : Manifest.read(manifest)) {
                Path audio = manifest.toAbsolutePath().getParent().resolve(e.audio());
                try {
                    FeatureSequence f = pipeline.extract(audio);
                    items.add(new Item(e.id(), CmvnStats.of(f).normalize(f, true)));
                } catch (AudioFormatException | IOException ex) {
                    err.println("promptwave units: " + PromptwaveCommand.describe(ex));
                }
            }
        }
        return items;
    }

    /** An utterance's id and features. */
    record Item(String id, FeatureSequence features) {
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
            List<Item> items = features(manifests, err);
            long frames = items.stream().mapToLong(i -> i.features().frames()).sum();
            if (frames < k) {
                err.println("promptwave units fit: " + frames + " frames cannot make " + k + " clusters");
                return PromptwaveCommand.EXIT_FAILED_INPUT;
            }
            UnitModel model = UnitModel.fit(items.stream().map(Item::features).toList(), k, vocab, maxFrames, iterations,
                    seed, jobs == null ? Runtime.getRuntime().availableProcessors() : jobs, FEATURES);
            model.save(out);
            long units = 0;
            long pseudo = 0;
            for (Item i : items) {
                units += model.units(i.features()).length;
                pseudo += model.encode(i.features()).length;
            }
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "%s: %d units, %d pseudo subwords from %d utterances (%d frames); %.2f units and %.2f pseudo subwords"
                    + " per second of audio (%.0f s)%n", out, model.k(), model.vocabularySize(), items.size(), frames,
                    units * 100.0 / frames, pseudo * 100.0 / frames, (System.nanoTime() - start) / 1e9);
            return 0;
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
            List<Item> items = features(manifests, spec.commandLine().getErr());
            try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (Item item : items) {
                    StringWriter line = new StringWriter();
                    try (JsonWriter json = new JsonWriter(line)) {
                        json.beginObject().name("id").value(item.id()).name("units").beginArray();
                        for (int u : units.encode(item.features())) {
                            json.value(u);
                        }
                        json.endArray().endObject();
                    }
                    writer.write(line.toString());
                    writer.newLine();
                }
            }
            spec.commandLine().getOut().printf("%s: %d utterances%n", out, items.size());
            return 0;
        }
    }
}
