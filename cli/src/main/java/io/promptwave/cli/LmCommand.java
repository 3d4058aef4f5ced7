package io.promptwave.cli;

import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.NgramFile;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.text.TextForm;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code promptwave lm}: fits the byte n-gram language model beam search fuses, and stores it with a
 * model, with a prompt (its own, fused into its rows instead of the model's), or in a file.
 */
@Command(name = "lm", mixinStandardHelpOptions = true,
        description = {"Fit a byte n-gram language model (interpolated Kneser-Ney) on text, one sentence a line (or",
            "the texts of manifests), written as the transcripts are (--form spoken: lowercase, no punctuation",
            "but apostrophes) or as printed (--form written, for reading text lines), and store it in a",
            "model directory, in a prompt (a prompt for a new language brings that language's spelling; it is",
            "fused into its rows instead of the model's) or in a file (--out; decode with --lm FILE). Beam",
            "search fuses it with --lm-weight (eval, transcribe; eval --save-decoding makes a weight chosen on",
            "dev data the default). The weights and their fingerprint do not change."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stored", "1:no usable text", "2:bad usage"})
final class LmCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory to store it in. Default (without --prompt or --out): the shipped models/base.")
    private Path model;

    @Option(names = "--prompt", paramLabel = "NAME[@V]|DIR",
            description = "Store it in this prompt version instead (its language is the prompt's).")
    private String prompt;

    @Option(names = "--out", paramLabel = "FILE", description = "Write it to this file instead.")
    private Path outFile;

    @Option(names = "--text", required = true, paramLabel = "FILE",
            description = {"Sentences, one per line (UTF-8), or a manifest (.jsonl) whose transcripts or lines",
                "are taken; repeat for more."})
    private List<Path> texts;

    @Option(names = "--form", paramLabel = "FORM",
            description = {"How the text is written: spoken (as transcripts: lowercase, no punctuation; fused into",
                "speech rows) or written (as printed; fused into text lines read by <ocr>). Default: written for",
                "a reading prompt, else spoken."})
    private String form;

    @Option(names = "--exclude", paramLabel = "MANIFEST",
            description = "Drop every sentence that is the transcript (or line) of an entry of these manifests "
                    + "(test and dev sets), so the language model never saw what it is scored on.")
    private List<Path> exclude = new ArrayList<>();

    @Option(names = "--exclude-overlap", paramLabel = "N", defaultValue = "0",
            description = {"Also drop every sentence that shares a run of N words with an excluded transcript,",
                "or holds a shorter one whole (quotations repeat each other cut at other places). 0: exact",
                "repeats only. Default: ${DEFAULT-VALUE}."})
    private int excludeOverlap;

    @Option(names = "--order", defaultValue = "6", description = "n, 2 to 7. Default: ${DEFAULT-VALUE}.")
    private int order;

    @Option(names = "--language", paramLabel = "CODE",
            description = "Language of the text; only rows in it are fused. Default: the prompt's, else en.")
    private String language;

    @Override
    public Integer call() throws IOException, ModelFormatException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int targets = (model != null ? 1 : 0) + (prompt != null ? 1 : 0) + (outFile != null ? 1 : 0);
        if (targets > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "store the language model in one place: --model, --prompt or --out");
        }
        Path promptDir = prompt == null ? null : PromptChoice.locate(prompt, ModelLocation.defaultBase());
        PromptInfo promptInfo = promptDir == null ? null : PromptDirectory.readInfo(promptDir);
        Path dir = outFile != null || promptDir != null ? null : model != null ? model : ModelLocation.defaultBase();
        if (dir != null) {
            ModelDirectory.readConfig(dir);
        }
        String lang = language(promptInfo);
        TextForm textForm;
        try {
            textForm = form != null ? TextForm.of(form) : promptInfo != null ? promptInfo.textForm() : TextForm.SPOKEN;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--form: " + e.getMessage());
        }
        if (order < 2 || order > CharNgramModel.MAX_ORDER) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--order must be 2 to " + CharNgramModel.MAX_ORDER + ", got " + order);
        }
        for (Path text : texts) {
            if (!Files.isRegularFile(text)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--text " + text + ": no such file");
            }
        }
        HeldOutSentences held;
        try {
            held = new HeldOutSentences(heldTranscripts(), excludeOverlap);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--exclude-overlap: " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        for (Path text : texts) {
            try {
                lines.addAll(TextSource.sentences(text));
            } catch (CharacterCodingException e) {
                err.println("promptwave lm: " + text + " is not UTF-8 text");
                return PromptwaveCommand.EXIT_FAILED_INPUT;
            } catch (TextSource.BadLineException e) {
                err.println("promptwave lm: " + e.getMessage());
                return PromptwaveCommand.EXIT_FAILED_INPUT;
            }
        }
        List<String> sentences = new ArrayList<>();
        int repeats = 0;
        int overlapping = 0;
        for (String line : lines) {
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (held.repeats(s)) {
                repeats++;
            } else if (held.overlaps(s)) {
                overlapping++;
            } else {
                sentences.add(s);
            }
        }
        if (sentences.isEmpty()) {
            err.println("promptwave lm: " + String.join(", ", texts.stream().map(Path::toString).toList())
                    + " has no sentence to count"
                    + (repeats + overlapping > 0 ? " (all " + (repeats + overlapping) + " are in the excluded manifests)"
                            : ""));
            return PromptwaveCommand.EXIT_FAILED_INPUT;
        }
        long t0 = System.nanoTime();
        CharNgramModel lm = CharNgramModel.fit(sentences, order, lang, textForm);
        Path file = store(lm, promptDir, promptInfo, dir);
        String dropped = repeats + " dropped as in the excluded manifests"
                + (excludeOverlap > 0 ? ", " + overlapping + " more sharing " + excludeOverlap + " words with them" : "");
        String kind = textForm == TextForm.WRITTEN ? "written " : "";
        out.printf(Locale.ROOT, "%s: %d-gram model of %d %ssentences (%s), %d distinct %d-grams, %.1f MB, fitted in "
                + "%.1f s%n", file, order, sentences.size(), kind, dropped, lm.storedNgrams(), order,
                Files.size(file) / 1e6, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** The language the text is in: the flag's, which must be the prompt's when storing in one; else en. */
    private String language(PromptInfo promptInfo) {
        if (promptInfo == null) {
            return language != null ? language : "en";
        }
        String own = promptInfo.decodingLanguage();
        if (language != null && !language.equals(own)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--language " + language + ": the prompt "
                    + "decodes '" + own + "', and only rows in the language model's language are fused");
        }
        return own;
    }

    /** Writes the model where the flags say and returns its file. */
    private Path store(CharNgramModel lm, Path promptDir, PromptInfo promptInfo, Path dir)
            throws IOException, ModelFormatException {
        if (outFile != null) {
            NgramFile.write(outFile, lm);
            return outFile;
        }
        if (promptDir != null) {
            try {
                PromptDirectory.saveLanguageModel(promptDir, lm);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--prompt " + prompt + ": " + e.getMessage());
            }
            if (promptInfo.decoding() == null) {
                // without a recorded weight, decoding would use the base's, chosen for another model
                spec.commandLine().getErr().println("promptwave lm: prompt " + prompt + " records no decoding: choose "
                        + "the weight on dev and record it (eval --prompt " + prompt + " --manifest DEV --lm-weight B "
                        + "--save-decoding)");
            }
            return promptDir.resolve(PromptDirectory.LANGUAGE_MODEL);
        }
        ModelDirectory.saveLanguageModel(dir, lm);
        return dir.resolve(ModelDirectory.LANGUAGE_MODEL);
    }

    private List<String> heldTranscripts() throws IOException {
        List<String> held = new ArrayList<>();
        for (Path m : exclude) {
            if (!Files.isRegularFile(m)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--exclude " + m + ": no such file");
            }
            try {
                held.addAll(TextSource.manifestTexts(m));
            } catch (TextSource.BadLineException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--exclude " + e.getMessage());
            }
        }
        return held;
    }
}
