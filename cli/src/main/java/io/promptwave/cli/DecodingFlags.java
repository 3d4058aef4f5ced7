package io.promptwave.cli;

import io.promptwave.core.decode.DecodingOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The search options {@code transcribe} and {@code eval} share. */
final class DecodingFlags {
    @Option(names = "--beam", defaultValue = "1", paramLabel = "N",
            description = "Hypotheses kept per utterance (1: greedy). Default: ${DEFAULT-VALUE}.")
    int beam;

    @Option(names = "--ctc-weight", defaultValue = "0", paramLabel = "W",
            description = {"Weight of the CTC prefix score in beam search, 0..1 (0: attention only;",
                "1 with --beam 1: greedy CTC, no decoder). Default: ${DEFAULT-VALUE}."})
    double ctcWeight;

    @Option(names = "--length-norm", defaultValue = "1", paramLabel = "A",
            description = "Rank finished beams by score / (tokens + 1)^A. Default: ${DEFAULT-VALUE}.")
    double lengthNorm;

    /** @return the options, or a parameter error naming the bad flag */
    DecodingOptions options(CommandLine commandLine) {
        try {
            return DecodingOptions.builder().optBeamSize(beam).optCtcWeight(ctcWeight).optLengthNormalization(lengthNorm)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
