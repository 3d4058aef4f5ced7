package io.promptwave.cli;

import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.server.PromptwaveServer;
import io.promptwave.server.ServedModels;
import io.promptwave.server.ServerConfig;
import io.promptwave.server.security.ApiKeys;
import io.promptwave.server.service.ServiceLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promptwave serve}: the gRPC server on the shipped (or given) models. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve promptwave.v1 (Recognizer, Understanding, Prompts, health, reflection) over gRPC.",
            "Loads DIR/base and every prompt under DIR/prompts; runs until stopped (Ctrl-C or SIGTERM shut it down",
            "gracefully: health turns NOT_SERVING and calls in flight finish)."})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The server's default decoding (requests may still set theirs): the base's recorded one unless told. */
    @CommandLine.Mixin
    private DecodingFlags decoding;

    @Option(names = "--port", defaultValue = "50051", description = "gRPC port. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--models", paramLabel = "DIR", description = "Models folder (base/ and prompts/). Default: the shipped models/.")
    private Path models;

    @CommandLine.Mixin
    private BatchingFlags batching;

    @Option(names = "--stream-idle-seconds", defaultValue = "60", description = "A stream with no message for this long (while the server reads it) ends with DEADLINE_EXCEEDED. Default: ${DEFAULT-VALUE}.")
    private double streamIdleSeconds;

    @Option(names = "--max-stream-open-seconds", defaultValue = "7200", description = "Longest a stream may stay open. Default: ${DEFAULT-VALUE}.")
    private double maxStreamOpenSeconds;

    @Option(names = "--max-queue", defaultValue = "256", description = "Waiting rows beyond which calls get RESOURCE_EXHAUSTED. Default: ${DEFAULT-VALUE}.")
    private int maxQueue;

    @Option(names = "--metrics-port", defaultValue = "-1", description = "HTTP port of /metrics (Prometheus); -1 for none. Default: ${DEFAULT-VALUE}.")
    private int metricsPort;

    @Option(names = "--api-keys", paramLabel = "FILE",
            description = "API keys, one per line, 'KEY[:admin|:user]'. Without it, PROMPTWAVE_API_KEYS is read (same format, commas allowed); without both, no authentication.")
    private Path apiKeys;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate chain: serve over TLS.")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key of --tls-cert.")
    private Path tlsKey;

    @Override
    public Integer call() throws IOException, ModelFormatException, PromptMismatchException,
            EngineUnavailableException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config = config(spec.commandLine(), port);
        Path dir = models != null ? models : ModelLocation.defaultModels();
        ServedModels served = ServedModels.load(dir,
                d -> decoding.serverDefault(spec.commandLine(), d, config.limits().maxBeamSize()));
        PromptwaveServer server = PromptwaveServer.forPort(served, config).start();
        err.printf("promptwave serve: listening on port %d with %d prompt versions from %s%s%n", server.port(),
                served.registry().list().size(), dir, server.metricsPort() < 0 ? ""
                        : " (metrics on http://localhost:" + server.metricsPort() + "/metrics)");
        err.flush();
        Thread stop = new Thread(() -> {
            server.close();
            served.close();
        }, "promptwave-shutdown");
        Runtime.getRuntime().addShutdownHook(stop);
        server.awaitTermination();
        return 0;
    }

    ServerConfig config(CommandLine cl, int grpcPort) throws IOException {
        try {
            ApiKeys keys = ApiKeys.none();
            if (apiKeys != null) {
                keys = ApiKeys.read(apiKeys);
            } else if (System.getenv("PROMPTWAVE_API_KEYS") != null) {
                keys = ApiKeys.parse(System.getenv("PROMPTWAVE_API_KEYS"), "PROMPTWAVE_API_KEYS");
            }
            return ServerConfig.builder().optPort(grpcPort).optMetricsPort(metricsPort).optApiKeys(keys)
                    .optLimits(ServiceLimits.defaults().withStreamTimeouts(streamIdleSeconds, maxStreamOpenSeconds))
                    .optTls(tlsCert, tlsKey).optScheduler(batching.scheduler(maxQueue))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }
}
