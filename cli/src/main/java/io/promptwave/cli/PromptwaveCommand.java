package io.promptwave.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code promptwave} command; its subcommands do the work. */
@Command(name = "promptwave", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Soft-prompt adaptation of one frozen speech model, served over gRPC.",
        subcommands = {FeaturesCommand.class, CmvnCommand.class, SegmentCommand.class, CorpusCommand.class,
            UnitsCommand.class, PretrainCommand.class, AdaptCommand.class, TranscribeCommand.class, ReadCommand.class, UnderstandCommand.class, EvalCommand.class, ScoreCommand.class, BenchCommand.class, GridCommand.class, InfoCommand.class, ServeCommand.class, DemoCommand.class, LoadTestCommand.class, LmCommand.class, PipelineCommand.class, CommandLine.HelpCommand.class})
public final class PromptwaveCommand implements Runnable {
    /** Exit code when an input (file, model, statistics) could not be used. */
    static final int EXIT_FAILED_INPUT = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces and debug logging.")
    private boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with the given streams, as {@link #main} does; tests call this.
     *
     * @return the exit code: 0 success, 1 failed input, 2 bad usage
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        if (!verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            // DJL warns on every start that a CPU-only machine has no usable CUDA driver
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda", "error");
        } else {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        CommandLine cli = new CommandLine(new PromptwaveCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            String name = command.getCommandSpec().qualifiedName();
            err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof CommandLine.ParameterException) {
                throw (CommandLine.ParameterException) e;
            }
            err.println(command.getCommandSpec().qualifiedName() + ": " + describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return EXIT_FAILED_INPUT;
        });
        return cli.execute(args);
    }

    /** One line for any failure: its message, or its type when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.replace('\n', ' ');
    }
}
