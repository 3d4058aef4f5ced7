package io.promptwave.cli;

import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.NgramFile;
import io.promptwave.core.artifact.PromptDecoding;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.text.CharNgramModel;
import java.io.IOException;
import java.nio.file.Files;
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
            description = {"Weight of the byte n-gram language model in beam search, 0..2 (0: off; made with",
                "`promptwave lm`; the prompt's own if it has one, else the model's). Default: the prompt's or",
                "the model's decoding, else 0."})
    Double lmWeight;

    @Option(names = "--lm", paramLabel = "FILE",
            description = {"Fuse this language model (a file `promptwave lm --out` wrote) instead of the prompt's or",
                "the model's own, with --lm-weight or the recorded weight (serve: instead of the model's; a prompt",
                "that brings its own still uses that)."})
    Path languageModelFile;

    /**
     * @param commandLine the command, for the error
     * @param model the model's recommended decoding
     * @return the flags over the model's decoding, or a parameter error naming the bad value
     */
    DecodingOptions options(CommandLine commandLine, DecodingOptions model) {
        CharNgramModel flagged = flaggedLanguageModel(commandLine);
        return options(commandLine, model, flagged != null ? flagged : model.languageModel());
    }

    /**
     * The decoding of a command that may run a prompt. The language model is the one {@code --lm} names,
     * else the prompt's own, else the model's.
     *
     * @param commandLine the command, for the error
     * @param modelDir the model directory, whose recommended decoding fills the flags left out
     * @param promptDir the prompt version run ({@link PromptChoice#locate}), whose recommended decoding comes
     *     first; null for none
     * @return the flags over the prompt's decoding, else the model's, or a parameter error naming the bad value
     * @throws ModelFormatException when the model's or the prompt's config or language model is damaged
     */
    DecodingOptions options(CommandLine commandLine, Path modelDir, Path promptDir)
            throws ModelFormatException, IOException {
        DecodingOptions model = ModelDirectory.defaultDecoding(modelDir);
        CharNgramModel lm = flaggedLanguageModel(commandLine);
        if (lm == null && promptDir != null) {
            lm = PromptDirectory.languageModel(promptDir);
        }
        if (lm == null) {
            lm = model.languageModel();
        }
        PromptDecoding recommended = PromptChoice.recommended(promptDir);
        return options(commandLine, recommended == null ? model : recommended.search(lm), lm);
    }

    private DecodingOptions options(CommandLine commandLine, DecodingOptions start, CharNgramModel lm) {
        double weight = lmWeight != null ? lmWeight : start.fusesLanguageModel() ? start.lmWeight() : 0;
        try {
            return DecodingOptions.builder().optBeamSize(beam != null ? beam : start.beamSize())
                    .optCtcWeight(ctcWeight != null ? ctcWeight : start.ctcWeight())
                    .optLengthNormalization(lengthNorm != null ? lengthNorm : start.lengthNormalization())
                    .optLanguageModel(lm, weight).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    /** The model {@code --lm} names, or null; a file that is not one is a usage error naming it. */
    private CharNgramModel flaggedLanguageModel(CommandLine commandLine) {
        if (languageModelFile == null) {
            return null;
        }
        if (!Files.isRegularFile(languageModelFile)) {
            throw new CommandLine.ParameterException(commandLine, "--lm " + languageModelFile + ": no such file");
        }
        try {
            return NgramFile.read(languageModelFile);
        } catch (ModelFormatException | IOException e) {
            throw new CommandLine.ParameterException(commandLine, "--lm " + e.getMessage());
        }
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
