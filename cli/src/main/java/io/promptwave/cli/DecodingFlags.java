package io.promptwave.cli;

import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDecoding;
import io.promptwave.core.decode.DecodingOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The search options the decoding commands share. A flag left out takes the prompt's recommended
 * decoding (its adapter_config.json), else the model's (its config.json; both set by
 * {@code eval --save-decoding}), else greedy.
 */
final class DecodingFlags {
    @Option(names = "--beam", paramLabel = "N",
            description = "Hypotheses kept per utterance (1: greedy). Default: the prompt's or the model's decoding, else 1.")
    Integer beam;

    @Option(names = "--ctc-weight", paramLabel = "W",
            description = {"Weight of the CTC prefix score in beam search, 0..1 (0: attention only;",
                "1 with --beam 1: greedy CTC, no decoder). Default: the prompt's or the model's decoding, else 0."})
    Double ctcWeight;

    @Option(names = "--length-norm", paramLabel = "A",
            description = "Rank finished beams by score / (tokens + 1)^A. Default: the prompt's or the model's decoding, else 1.")
    Double lengthNorm;

    @Option(names = "--lm-weight", paramLabel = "B",
            description = {"Weight of the model's byte n-gram language model in beam search, 0..2 (0: off;",
                "made with `promptwave lm`). Default: the prompt's or the model's decoding, else 0."})
    Double lmWeight;

    /**
     * @param commandLine the command, for the error
     * @param model the model's recommended decoding
     * @return the flags over the model's decoding, or a parameter error naming the bad value
     */
    DecodingOptions options(CommandLine commandLine, DecodingOptions model) {
        try {
            return DecodingOptions.builder().optBeamSize(beam != null ? beam : model.beamSize())
                    .optCtcWeight(ctcWeight != null ? ctcWeight : model.ctcWeight())
                    .optLengthNormalization(lengthNorm != null ? lengthNorm : model.lengthNormalization())
                    .optLanguageModel(model.languageModel(), lmWeight != null ? lmWeight : model.lmWeight()).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    /**
     * @param commandLine the command, for the error
     * @param modelDir the model directory, whose recommended decoding fills the flags left out
     * @param recommended the prompt's recommended decoding, which comes first (null: none)
     * @return the flags over the prompt's decoding, else the model's, or a parameter error naming the bad value
     * @throws ModelFormatException when the model's config or language model is damaged
     */
    DecodingOptions options(CommandLine commandLine, Path modelDir, PromptDecoding recommended)
            throws ModelFormatException, IOException {
        DecodingOptions model = ModelDirectory.defaultDecoding(modelDir);
        return options(commandLine, recommended == null ? model : recommended.search(model.languageModel()));
    }

    /**
     * The flags over the model's decoding as a server's default, which no wider than a request
     * may ask for: {@code serve} and {@code loadtest} both start a server with it.
     *
     * @param widestBeam the server's limit on a request's beam
     * @return the decoding, or a parameter error saying the beam is too wide
     */
    DecodingOptions serverDefault(CommandLine commandLine, DecodingOptions model, int widestBeam) {
        DecodingOptions chosen = options(commandLine, model);
        if (chosen.beamSize() > widestBeam) {
            throw new CommandLine.ParameterException(commandLine, "the default beam of " + chosen.beamSize()
                    + " is wider than a request may ask for (" + widestBeam + "): pass --beam");
        }
        return chosen;
    }
}
