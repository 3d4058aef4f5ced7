package io.promptwave.cli;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.feature.CmvnStats;
import io.promptwave.audio.feature.FeaturePipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code promptwave cmvn}: global CMVN statistics over a set of audio files, saved as JSON. */
@Command(name = "cmvn", mixinStandardHelpOptions = true,
        description = {"Compute global CMVN statistics over audio files and save them as JSON.",
            "The file holds per-dimension count, sum and sum of squares (plus mean and std) for",
            "`promptwave features --cmvn`. Failed inputs are reported and skipped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every input was used", "1:an input failed (the others are still counted)", "2:bad usage"})
final class CmvnCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private FeatureOptions features;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The JSON file to write.")
    private Path output;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Audio files.")
    private List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FeaturePipeline pipeline;
        try {
            pipeline = features.pipeline();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CmvnStats stats = null;
        int failed = 0;
        for (Path input : inputs) {
            try {
                FeatureSequence seq = pipeline.extract(input);
                if (stats == null) {
                    stats = new CmvnStats(seq.dims());
                }
                stats.accumulate(seq);
            } catch (AudioFormatException | IOException e) {
                failed++;
                err.println("promptwave cmvn: " + PromptwaveCommand.describe(e));
            }
        }
        if (stats == null) {
            err.println("promptwave cmvn: no input could be used; nothing written");
            return PromptwaveCommand.EXIT_FAILED_INPUT;
        }
        stats.save(output);
        out.printf("%s: %d frames from %d files, %d dimensions%n", output, stats.count(), inputs.size() - failed,
                stats.dims());
        return failed == 0 ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
    }
}
