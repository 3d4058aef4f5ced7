package io.promptwave.cli;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.encode.WavWriter;
import io.promptwave.client.load.LoadConfig;
import io.promptwave.client.load.LoadGenerator;
import io.promptwave.client.load.LoadReport;
import io.promptwave.client.load.Recording;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.server.PromptwaveServer;
import io.promptwave.server.ServedModels;
import io.promptwave.server.ServerConfig;
import io.promptwave.server.metrics.ServerMetrics;
import io.promptwave.server.scheduler.SchedulerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code promptwave loadtest}: concurrent streaming clients against the server over loopback
 * Netty, spread over several prompts, with throughput, latency to the final result, batch
 * occupancy, failed calls, and the process's memory sampled through the run (a soak is a long run).
 * Without {@code --prompt}, it serves the base with untrained prompts of four methods in a scratch
 * folder: a prompt's compute does not depend on its values.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = {"Load the gRPC server with concurrent streaming clients over several prompts on loopback;",
            "report audio seconds per wall second, latency to final results, batch occupancy, failures and memory."})
final class LoadTestCommand implements Callable<Integer> {
    /** Methods of the generated prompts, taken in turn. */
    private static final PromptMethod[] METHODS = {PromptMethod.ENC_DEC, PromptMethod.DEEP, PromptMethod.ULPT,
        PromptMethod.DEC};

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The server's default decoding (requests may still set theirs): the base's recorded one unless told. */
    @CommandLine.Mixin
    private DecodingFlags decoding;

    @Option(names = "--models", paramLabel = "DIR", description = "Models folder. Default: the shipped models/.")
    private Path models;

    @Option(names = "--prompt", paramLabel = "NAME", description = "A loaded asr prompt to use (repeatable). "
            + "Default: --prompts untrained prompts made for the base.")
    private List<String> prompts = new ArrayList<>();

    @Option(names = "--prompts", defaultValue = "4", description = "How many prompts to make when no --prompt is given. Default: ${DEFAULT-VALUE}.")
    private int promptCount;

    @Option(names = "--audio", paramLabel = "FILE", description = "Recordings to stream (any format; repeatable). "
            + "Default: the bundled samples/audio recordings.")
    private List<Path> audio = new ArrayList<>();

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent streaming clients. Default: ${DEFAULT-VALUE}.")
    private int clients;

    @Option(names = "--seconds", defaultValue = "60", description = "Measured run. Default: ${DEFAULT-VALUE}.")
    private double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "10", description = "Unmeasured run before. Default: ${DEFAULT-VALUE}.")
    private double warmup;

    @Option(names = "--chunk-ms", defaultValue = "100", description = "Audio per message. Default: ${DEFAULT-VALUE}.")
    private int chunkMs;

    @Option(names = "--real-time", description = "Pace chunks at the speed of speech (default: as fast as flow control allows).")
    private boolean realTime;

    @Option(names = "--interim-results", description = "Ask for interim results.")
    private boolean interim;

    @CommandLine.Mixin
    private BatchingFlags batching;

    @Option(names = "--memory-every", defaultValue = "30", description = "Seconds between memory samples. Default: ${DEFAULT-VALUE}.")
    private double memoryEvery;

    @Override
    public Integer call() throws IOException, ModelFormatException, PromptMismatchException,
            EngineUnavailableException, InterruptedException, AudioFormatException {
        CommandLine cl = spec.commandLine();
        if (!(memoryEvery > 0) || promptCount < 1 || promptCount > 64 || !(warmup >= 0)) {
            throw new CommandLine.ParameterException(cl, "--memory-every must be positive, --prompts 1 to 64 and "
                    + "--warmup-seconds not negative");
        }
        PrintWriter out = cl.getOut();
        Path dir = models != null ? models : ModelLocation.defaultModels();
        List<Recording> recordings = recordings(cl, dir);
        Path scratch = prompts.isEmpty() ? Files.createTempDirectory("promptwave-loadtest") : null;
        try {
            Path served = scratch == null ? dir : withLoadPrompts(dir, scratch);
            List<String> names = scratch == null ? prompts : loadPromptNames();
            LoadConfig load;
            SchedulerConfig scheduler;
            try {
                load = new LoadConfig(clients, names, recordings, seconds, chunkMs, realTime, interim);
                scheduler = batching.scheduler(Math.max(256, 4 * clients));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            ServerConfig config = ServerConfig.builder().optPort(0).optScheduler(scheduler).build();
            try (ServedModels models = ServedModels.load(served,
                    d -> decoding.serverDefault(cl, d, config.limits().maxBeamSize()))) {
                PromptwaveServer server = PromptwaveServer.forPort(models, config).start();
                try (MemorySampler memory = new MemorySampler(out, memoryEvery)) {
                    out.printf(Locale.ROOT, "loadtest: %d clients over prompts %s, %s, max batch %d, max wait %d ms, "
                            + "length ratio %.2f; %.0f s warm-up, %.0f s measured%n", clients, names, realTime
                            ? "real-time pace" : "as fast as flow control allows", scheduler.maxBatchSize(),
                            scheduler.maxWaitMillis(), scheduler.maxLengthRatio(), warmup, seconds);
                    out.flush();
                    ServerMetrics metrics = server.metrics();
                    LoadGenerator generator = new LoadGenerator("localhost:" + server.port(), false, null);
                    if (warmup > 0) {
                        generator.run(load.withSeconds(warmup));
                    }
                    long batches0 = metrics.batches();
                    long rows0 = metrics.rows();
                    memory.start();
                    LoadReport report = generator.run(load);
                    memory.sampleNow();
                    print(out, report, metrics.batches() - batches0, metrics.rows() - rows0);
                    memory.summary();
                    return report.failed() == 0 ? 0 : 1;
                } finally {
                    server.close();
                }
            }
        } finally {
            if (scratch != null) {
                PromptDirectory.deleteTree(scratch);
            }
        }
    }

    private void print(PrintWriter out, LoadReport r, long batches, long rows) {
        out.printf(Locale.ROOT, "streams %d, finals %d, audio %.1f s in %.1f s: %.2f audio s per wall s%n",
                r.streams(), r.finals(), r.audioSeconds(), r.wallSeconds(), r.audioSecondsPerSecond());
        out.printf(Locale.ROOT, "latency to final: p50 %.3f s, p95 %.3f s, p99 %.3f s%n", r.latency(0.5),
                r.latency(0.95), r.latency(0.99));
        double mean = batches == 0 ? 0 : (double) rows / batches;
        out.printf(Locale.ROOT, "batches %d, rows %d, mean %.2f rows per batch, occupancy %.0f %% of %d%n", batches,
                rows, mean, 100 * mean / batching.maxBatchSize, batching.maxBatchSize);
        out.printf("failed calls: %d%n", r.failed());
        r.failures().forEach(f -> out.println("  " + f));
        out.flush();
    }

    private List<Recording> recordings(CommandLine cl, Path models) throws IOException, AudioFormatException {
        List<Path> files = audio;
        if (files.isEmpty()) {
            Path samples = models.toAbsolutePath().getParent().resolve("samples").resolve("audio");
            files = List.of(samples.resolve("alarm-en-us-8k-mulaw.wav"), samples.resolve("weather-en-gb-44k-stereo.mp3"),
                    samples.resolve("music-en-us-48k-stereo.ogg"));
        }
        List<Recording> out = new ArrayList<>();
        AudioDecoder decoder = new AudioDecoder();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new CommandLine.ParameterException(cl, f + ": no such recording (--audio)");
            }
            PcmAudio pcm = decoder.decode(f, 16000);
            out.add(new Recording(f.getFileName().toString(), WavWriter.samples(pcm, WavWriter.Encoding.PCM_16),
                    16000));
        }
        return out;
    }

    /** A models folder of the base (linked) and {@code promptCount} untrained asr prompts. */
    private Path withLoadPrompts(Path dir, Path scratch) throws IOException, ModelFormatException,
            EngineUnavailableException {
        Files.createSymbolicLink(scratch.resolve(ServedModels.BASE), dir.resolve(ServedModels.BASE).toAbsolutePath());
        try (SpeechModel model = ModelDirectory.load(dir.resolve(ServedModels.BASE))) {
            for (int i = 0; i < promptCount; i++) {
                PromptMethod method = METHODS[i % METHODS.length];
                PromptConfig config = PromptConfig.builder(method).optLength(method == PromptMethod.DEEP ? 8 : 16)
                        .optSeed(i + 1).build();
                try (SoftPrompt p = new PromptFactory(model).create(config, List.of())) {
                    String name = loadPromptNames().get(i);
                    PromptDirectory.save(scratch.resolve(ServedModels.PROMPTS).resolve(name).resolve("v1"), p,
                            new PromptInfo(name, 1, config, "asr", "en", Map.of(), model.fingerprint(),
                                    p.trainableCount(), p.storedCount(), Map.of(), Map.of("made_by", "promptwave loadtest")));
                }
            }
        }
        return scratch;
    }

    private List<String> loadPromptNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < promptCount; i++) {
            names.add("load-" + (i + 1) + "-" + METHODS[i % METHODS.length].name().toLowerCase(Locale.ROOT).replace("_", ""));
        }
        return names;
    }
}
