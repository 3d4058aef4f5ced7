package io.promptwave.cli;

import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.Manifest;
import io.promptwave.corpus.ManifestEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promptwave lm}: fits the byte n-gram language model beam search fuses, and stores it with a model. */
@Command(name = "lm", mixinStandardHelpOptions = true,
        description = {"Fit a byte n-gram language model (interpolated Kneser-Ney) on text, one sentence a line,",
            "written as the transcripts are (lowercase, no punctuation but apostrophes), and store it in a",
            "model directory. Beam search fuses it with --lm-weight (eval, transcribe; eval --save-decoding",
            "makes a weight chosen on dev data the default). The weights and their fingerprint do not change."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stored", "1:no usable text", "2:bad usage"})
final class LmCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory. Default: the shipped models/base.")
    private Path model;

    @Option(names = "--text", required = true, paramLabel = "FILE", description = "Sentences, one per line (UTF-8).")
    private Path text;

    @Option(names = "--exclude", paramLabel = "MANIFEST",
            description = "Drop every sentence that is the transcript of an utterance of these manifests "
                    + "(test and dev sets), so the language model never saw what it is scored on.")
    private List<Path> exclude = new ArrayList<>();

    @Option(names = "--order", defaultValue = "6", description = "n, 2 to 7. Default: ${DEFAULT-VALUE}.")
    private int order;

    @Option(names = "--language", defaultValue = "en",
            description = "Language of the text; only transcripts in it are fused. Default: ${DEFAULT-VALUE}.")
    private String language;

    @Override
    public Integer call() throws IOException, ModelFormatException, CorpusException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = model != null ? model : ModelLocation.defaultBase();
        ModelDirectory.readConfig(dir);
        if (order < 2 || order > CharNgramModel.MAX_ORDER) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--order must be 2 to " + CharNgramModel.MAX_ORDER + ", got " + order);
        }
        if (!Files.isRegularFile(text)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--text " + text + ": no such file");
        }
        Set<String> held = new HashSet<>();
        for (Path m : exclude) {
            for (ManifestEntry e : Manifest.read(m)) {
                if (e.text() != null) {
                    held.add(e.text().strip());
                }
            }
        }
        List<String> sentences = new ArrayList<>();
        int dropped = 0;
        List<String> lines;
        try {
            lines = Files.readAllLines(text, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            err.println("promptwave lm: " + text + " is not UTF-8 text");
            return PromptwaveCommand.EXIT_FAILED_INPUT;
        }
        for (String line : lines) {
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (held.contains(s)) {
                dropped++;
            } else {
                sentences.add(s);
            }
        }
        if (sentences.isEmpty()) {
            err.println("promptwave lm: " + text + " has no sentence to count"
                    + (dropped > 0 ? " (all " + dropped + " are in the excluded manifests)" : ""));
            return PromptwaveCommand.EXIT_FAILED_INPUT;
        }
        long t0 = System.nanoTime();
        CharNgramModel lm = CharNgramModel.fit(sentences, order, language);
        ModelDirectory.saveLanguageModel(dir, lm);
        out.printf(Locale.ROOT, "%s: %d-gram model of %d sentences (%d dropped as in the excluded manifests), "
                + "%d distinct %d-grams, %.1f MB, fitted in %.1f s%n", dir.resolve(ModelDirectory.LANGUAGE_MODEL),
                order, sentences.size(), dropped, lm.storedNgrams(), order,
                Files.size(dir.resolve(ModelDirectory.LANGUAGE_MODEL)) / 1e6, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
