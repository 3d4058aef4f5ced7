package io.promptwave.cli;

import com.google.gson.stream.JsonWriter;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.feature.CmvnStats;
import io.promptwave.audio.feature.FeaturePipeline;
import io.promptwave.audio.npy.NpyFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code promptwave features}: decode, resample and featurise audio files, writing one numpy
 * array per file or one JSON line per file.
 */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Extract log-mel filterbank (or MFCC) features from audio files.",
            "Reads WAV natively and every other format through FFmpeg, resamples to 16 kHz and writes one",
            "float32 [frames, dims] .npy per input (named after the input), or JSON lines.",
            "Inputs that fail are reported one line each on stderr; the others are still processed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every input was processed", "1:an input failed", "2:bad usage"})
final class FeaturesCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format {
        npy, jsonl
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private FeatureOptions features;

    @Option(names = "--format", defaultValue = "npy",
            description = "npy: one .npy per input in --output; jsonl: one JSON object per input with its features"
                    + " (to stdout, or to DIR/features.jsonl with --output). Default: ${DEFAULT-VALUE}.")
    private Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where to write. Default: the current directory for npy, stdout for jsonl.")
    private Path output;

    @Option(names = "--cmvn", paramLabel = "FILE", description = "Normalise with global CMVN statistics from `promptwave cmvn`.")
    private Path cmvn;

    @Option(names = "--utterance-cmvn", description = "Normalise each input by its own mean and variance.")
    private boolean utteranceCmvn;

    @Option(names = "--no-variance", description = "With CMVN, subtract the mean only.")
    private boolean meanOnly;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Audio files (WAV, MP3, Ogg, Opus, FLAC, M4A, WebM, ...).")
    private List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (cmvn != null && utteranceCmvn) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cmvn and --utterance-cmvn exclude each other");
        }
        FeaturePipeline pipeline;
        try {
            pipeline = features.pipeline();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CmvnStats global = cmvn == null ? null : CmvnStats.load(cmvn);
        int dims = features.extractors().get().dims();
        if (global != null && global.dims() != dims) {
            throw new IOException(cmvn + ": statistics have " + global.dims() + " dimensions but --kind "
                    + features.kind + " gives " + dims + "; compute them with the same --kind and --mel-bins");
        }
        Path directory = output == null ? Path.of(".") : output;
        if (format == Format.npy || output != null) {
            Files.createDirectories(directory);
        }
        Writer jsonTarget = null;
        if (format == Format.jsonl) {
            jsonTarget = output == null ? out
                    : Files.newBufferedWriter(directory.resolve("features.jsonl"), StandardCharsets.UTF_8);
        }
        int failed = 0;
        Set<String> written = new HashSet<>();
        try {
            for (Path input : inputs) {
                try {
                    FeatureSequence seq = pipeline.extract(input);
                    if (global != null) {
                        seq = global.normalize(seq, !meanOnly);
                    } else if (utteranceCmvn) {
                        seq = CmvnStats.of(seq).normalize(seq, !meanOnly);
                    }
                    if (format == Format.npy) {
                        Path target = directory.resolve(uniqueName(input, written)).normalize();
                        NpyFile.write(seq, target);
                        out.printf("%s -> %s [%d, %d]%n", input, target, seq.frames(), seq.dims());
                    } else {
                        writeJson(jsonTarget, input, seq);
                    }
                } catch (AudioFormatException | IOException e) {
                    failed++;
                    err.println("promptwave features: " + PromptwaveCommand.describe(e));
                }
            }
        } finally {
            if (jsonTarget != null && jsonTarget != out) {
                jsonTarget.close();
            }
            out.flush();
        }
        return failed == 0 ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
    }

    /** {@code name.npy} after the input's name without extension; a repeat gets {@code name-2.npy}. */
    private static String uniqueName(Path input, Set<String> written) {
        String file = input.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        String name = stem + ".npy";
        for (int k = 2; !written.add(name); k++) {
            name = stem + "-" + k + ".npy";
        }
        return name;
    }

    /** Streams one JSON line; an hour of features is a few hundred MB of text, never built in memory. */
    private static void writeJson(Writer target, Path input, FeatureSequence seq) throws IOException {
        // not closed: closing a JsonWriter closes its target, which may be stdout
        JsonWriter json = new JsonWriter(target);
        json.beginObject();
        json.name("input").value(input.toString());
        json.name("frames").value(seq.frames());
        json.name("dims").value(seq.dims());
        json.name("frame_rate").value(seq.frameRate());
        json.name("features").beginArray();
        float[] data = seq.toRowMajor();
        for (int f = 0; f < seq.frames(); f++) {
            json.beginArray();
            for (int d = 0; d < seq.dims(); d++) {
                json.jsonValue(Float.toString(data[f * seq.dims() + d]));
            }
            json.endArray();
        }
        json.endArray();
        json.endObject();
        json.flush();
        target.write('\n');
        target.flush();
    }

}
