package io.promptwave.cli;

import ai.djl.engine.Engine;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.TensorRuntime;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code promptwave info}: what this installation runs on. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the SDK version, the Java runtime and the tensor engine (starting it offline).")
final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws EngineUnavailableException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("promptwave " + VersionInfo.version());
        out.println("java       " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        out.println("platform   " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        Engine engine = TensorRuntime.pytorch();
        out.println("engine     DJL " + Engine.getDjlVersion() + ", " + engine.getEngineName() + " " + engine.getVersion()
                + " on " + engine.defaultDevice() + " (offline: " + System.getProperty("ai.djl.offline") + ")");
        return 0;
    }
}
