package io.promptwave.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import io.promptwave.core.eval.ErrorCounts;
import io.promptwave.core.eval.ErrorRate;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promptwave score}: WER and CER of any recogniser's output against a manifest. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score transcripts against a manifest: WER and CER with their substitutions, deletions and",
            "insertions. Hypotheses are JSONL ({\"id\", \"text\"} per line) or CMU Sphinx hyp lines",
            "(\"words (id score)\"); both sides are lowercased and stripped of punctuation first. An utterance",
            "without a hypothesis counts as all deleted."})
final class ScoreCommand implements Callable<Integer> {
    private static final Pattern SPHINX = Pattern.compile("^(.*?)\\s*\\((\\S+?)(?:\\s+-?\\d+)?\\)\\s*$");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "The references (JSONL manifest).")
    private Path manifest;

    @Option(names = "--hyp", required = true, paramLabel = "FILE", description = "The hypotheses.")
    private Path hyp;

    @Option(names = "--details", paramLabel = "FILE", description = "Also write per-utterance results as JSONL.")
    private Path details;

    @Override
    public Integer call() throws CorpusException, IOException {
        List<ManifestEntry> references = Manifest.read(manifest);
        Map<String, String> hypotheses = readHypotheses(hyp);
        ErrorCounts words = ErrorCounts.ZERO;
        ErrorCounts chars = ErrorCounts.ZERO;
        int missing = 0;
        BufferedWriter detail = details == null ? null : Files.newBufferedWriter(details, StandardCharsets.UTF_8);
        try {
            for (ManifestEntry e : references) {
                String h = hypotheses.get(e.id());
                if (h == null) {
                    missing++;
                    h = "";
                }
                ErrorCounts w = ErrorRate.words(e.text(), h);
                ErrorCounts c = ErrorRate.characters(e.text(), h);
                words = words.plus(w);
                chars = chars.plus(c);
                if (detail != null) {
                    StringWriter line = new StringWriter();
                    try (JsonWriter json = new JsonWriter(line)) {
                        json.beginObject().name("id").value(e.id()).name("reference").value(e.text()).name("hypothesis")
                                .value(h).name("wer").value(w.rate()).name("cer").value(c.rate()).endObject();
                    }
                    detail.write(line.toString());
                    detail.newLine();
                }
            }
        } finally {
            if (detail != null) {
                detail.close();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "WER %.2f %% (%d substitutions, %d deletions, %d insertions over %d words)%n",
                100 * words.rate(), words.substitutions(), words.deletions(), words.insertions(), words.referenceLength());
        out.printf(Locale.ROOT, "CER %.2f %% (%d substitutions, %d deletions, %d insertions over %d characters)%n",
                100 * chars.rate(), chars.substitutions(), chars.deletions(), chars.insertions(), chars.referenceLength());
        out.printf("%d utterances, %d without a hypothesis%n", references.size(), missing);
        if (missing > 0) {
            spec.commandLine().getErr().println("promptwave score: " + missing + " utterances of " + manifest
                    + " have no hypothesis in " + hyp + "; they count as deleted");
        }
        return 0;
    }

    private static Map<String, String> readHypotheses(Path file) throws IOException, CorpusException {
        Map<String, String> out = new HashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            if (line.strip().startsWith("{")) {
                try {
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    out.put(o.get("id").getAsString(), o.has("text") && !o.get("text").isJsonNull() ? o.get("text").getAsString() : "");
                } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
                    throw new CorpusException(file + ":" + number + ": a JSON hypothesis needs \"id\" and \"text\"", e);
                }
            } else {
                Matcher m = SPHINX.matcher(line);
                if (!m.matches()) {
                    throw new CorpusException(file + ":" + number + ": neither JSONL nor a Sphinx hyp line (\"words (id)\")");
                }
                out.put(m.group(2), m.group(1));
            }
        }
        return out;
    }
}
