package io.promptwave.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** One run of the {@code promptwave} command line, with what it printed. */
record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code promptwave args...} in this JVM. */
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PromptwaveCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** @return a bundled sample recording under samples/audio */
    static Path sample(String name) {
        return Path.of(System.getProperty("promptwave.samples", "../samples/audio"), name);
    }

    /** @return the lines of stderr */
    String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\n");
    }
}
