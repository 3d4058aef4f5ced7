package io.promptwave.cli;

import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.check.CorpusChecker;
import io.promptwave.corpus.lines.TextLineGenerator;
import io.promptwave.corpus.lines.TextLineSpec;
import io.promptwave.corpus.plan.CorpusPlan;
import io.promptwave.corpus.plan.CorpusPlanner;
import io.promptwave.corpus.spec.CorpusSpec;
import io.promptwave.corpus.synth.CorpusGenerator;
import io.promptwave.corpus.synth.CorpusSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code promptwave corpus}: generate and check speech corpora, and render text-line corpora. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = {"Generate speech corpora with Debian's TTS voices, and check them; render text-line",
            "image corpora with Debian's fonts."},
        subcommands = {CorpusCommand.Synth.class, CorpusCommand.Check.class, CorpusCommand.Lines.class})
final class CorpusCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (synth, check or lines)");
    }

    /** {@code promptwave corpus synth}. */
    @Command(name = "synth", mixinStandardHelpOptions = true,
            description = {"Generate a corpus from a spec under recipes/corpora/.",
                "Deterministic (same spec, seed and scale: same bytes), parallel, and resumable: run it again",
                "after an interruption and it continues where it stopped. Installs nothing; names the Debian",
                "packages to install when an engine or voice is missing."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:corpus generated", "1:generation failed (missing packages, engine error)", "2:bad usage"})
    static final class Synth implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The corpus spec (JSON).")
        private Path specFile;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the corpus goes (created; an earlier run of the same spec resumes).")
        private Path out;

        @Option(names = "--scale", defaultValue = "full", description = "small (seconds, for tests) or full. Default: ${DEFAULT-VALUE}.")
        private String scale;

        @Option(names = "--seed", description = "Overrides the spec's seed.")
        private Long seed;

        @Option(names = "--jobs", description = "Parallel workers. Default: the number of cores.")
        private Integer jobs;

        @Override
        public Integer call() throws CorpusException, IOException {
            if (!scale.equals("small") && !scale.equals("full")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--scale must be small or full, got '" + scale + "'");
            }
            int workers = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
            if (workers < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1");
            }
            PrintWriter out = spec.commandLine().getOut();
            CorpusSpec corpus = CorpusSpec.load(specFile);
            long start = System.nanoTime();
            CorpusPlan plan = new CorpusPlanner().plan(corpus, scale, seed == null ? corpus.seed() : seed);
            Files.createDirectories(this.out);
            CorpusSummary summary = new CorpusGenerator().generate(plan, this.out, workers,
                    new ProgressBar(spec.commandLine().getErr(), corpus.name()));
            out.printf(Locale.ROOT, "%s: %d utterances, %.2f h, %d speakers in %s (%.0f s)%n", summary.name(),
                    summary.utterances(), summary.hours(), summary.speakers(), this.out, (System.nanoTime() - start) / 1e9);
            summary.splits().forEach((name, s) -> out.printf(Locale.ROOT, "  %-12s %6d utterances %7.3f h %5d sentences %3d speakers%n",
                    name, s.utterances(), s.hours(), s.sentences(), s.speakers()));
            return 0;
        }
    }

    /** {@code promptwave corpus lines}. */
    @Command(name = "lines", mixinStandardHelpOptions = true,
            description = {"Render a text-line image corpus from a spec (recipes/corpora/ocr-lines.json): sentences",
                "drawn in the spec's fonts, degraded per split, as gray PNGs with JSONL manifests.",
                "Deterministic: the same spec, seed and scale give the same bytes. Installs nothing; names the",
                "Debian packages to install when a font or text is missing."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:corpus rendered", "1:rendering failed (missing fonts or texts, too few sentences)",
                "2:bad usage"})
    static final class Lines implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The text-line corpus spec (JSON).")
        private Path specFile;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the corpus goes (created).")
        private Path out;

        @Option(names = "--scale", defaultValue = "full", description = "small (seconds, for tests) or full. Default: ${DEFAULT-VALUE}.")
        private String scale;

        @Option(names = "--seed", description = "Overrides the spec's seed.")
        private Long seed;

        @Override
        public Integer call() throws CorpusException, IOException {
            if (!scale.equals("small") && !scale.equals("full")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--scale must be small or full, got '" + scale + "'");
            }
            TextLineSpec corpus = TextLineSpec.load(specFile);
            long start = System.nanoTime();
            Map<String, TextLineGenerator.SplitSummary> splits = new TextLineGenerator().generate(corpus, scale,
                    seed == null ? corpus.seed() : seed, out);
            PrintWriter printer = spec.commandLine().getOut();
            printer.printf(Locale.ROOT, "%s: %d lines in %s (%.0f s)%n", corpus.name(),
                    splits.values().stream().mapToInt(TextLineGenerator.SplitSummary::lines).sum(), out,
                    (System.nanoTime() - start) / 1e9);
            splits.forEach((name, s) -> printer.printf(Locale.ROOT, "  %-14s %6d lines %8d characters %3d fonts%n",
                    name, s.lines(), s.characters(), s.fonts()));
            return 0;
        }
    }

    /** {@code promptwave corpus check}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check generated corpora: manifests parse, audio decodes with the stated duration, texts",
                "are non-empty, slot spans match their values, no sentence is in two splits, excluded voices are",
                "absent. Given several corpora, also checks that no test sentence appears in another corpus."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:no problem", "1:problems found (one per line on stderr)", "2:bad usage"})
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", arity = "1..*", description = "Corpus directories.")
        private List<Path> dirs;

        @Override
        public Integer call() throws IOException {
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), dir + ": not a directory");
                }
            }
            CorpusChecker.Report report = new CorpusChecker().check(dirs);
            PrintWriter err = spec.commandLine().getErr();
            report.problems().forEach(p -> err.println("promptwave corpus check: " + p));
            spec.commandLine().getOut().printf(Locale.ROOT, "%d corpora, %d manifests, %d utterances, %.2f h: %s%n",
                    report.corpora(), report.manifests(), report.utterances(), report.hours(),
                    report.problems().isEmpty() ? "no problems" : report.problems().size() + " problems");
            return report.problems().isEmpty() ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
        }
    }
}
