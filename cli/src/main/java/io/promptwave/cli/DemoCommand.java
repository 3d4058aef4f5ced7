package io.promptwave.cli;

import io.promptwave.api.v1.RecognitionConfig;
import io.promptwave.api.v1.RecognizeResponse;
import io.promptwave.api.v1.StreamingRecognitionConfig;
import io.promptwave.api.v1.StreamingRecognizeResponse;
import io.promptwave.api.v1.UnderstandResponse;
import io.promptwave.client.AudioStream;
import io.promptwave.client.PromptwaveClient;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.registry.PromptRegistry;
import io.promptwave.server.PromptwaveServer;
import io.promptwave.server.ServedModels;
import io.promptwave.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code promptwave demo}: the whole path in one command. Starts the server on a free port with the
 * shipped models, then the Java client recognises a bundled recording, streams another in 100 ms
 * chunks at real-time pace (interim results as they come), and understands a command when a slots
 * prompt is loaded; prints everything with timings and shuts down.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the server with the shipped models, call it with the sample client over the bundled",
            "recordings (a recognition, a streamed recognition with interim results, an understanding), shut down."})
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--models", paramLabel = "DIR", description = "Models folder. Default: the shipped models/.")
    private Path models;

    @Option(names = "--samples", paramLabel = "DIR", description = "Recordings. Default: the bundled samples/audio.")
    private Path samples;

    @Override
    public Integer call() throws IOException, ModelFormatException, PromptMismatchException,
            EngineUnavailableException, InterruptedException, ExecutionException, TimeoutException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = models != null ? models : ModelLocation.defaultModels();
        Path audio = samples != null ? samples : dir.getParent().resolve("samples").resolve("audio");
        Path file = audio.resolve("weather-en-gb-44k-stereo.mp3");
        Path wav = audio.resolve("alarm-en-us-8k-mulaw.wav");
        for (Path p : new Path[] {file, wav}) {
            if (!Files.isRegularFile(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(), p + ": no such recording (--samples)");
            }
        }
        long t0 = System.nanoTime();
        try (ServedModels served = ServedModels.load(dir)) {
            PromptwaveServer server = PromptwaveServer.forPort(served, ServerConfig.builder().optPort(0)
                    .optShutdownGraceSeconds(10).build()).start();
            try (PromptwaveClient client = PromptwaveClient.connect("localhost:" + server.port(), false, null)) {
                out.printf(Locale.ROOT, "server: port %d, base %s, %d prompt versions, started in %.1f s%n",
                        server.port(), served.registry().baseFingerprint().substring(0, 12),
                        served.registry().list().size(), seconds(t0));

                long t = System.nanoTime();
                RecognizeResponse r = client.recognize(file, "", RecognitionConfig.getDefaultInstance());
                out.printf(Locale.ROOT, "%nRecognize %s (%.1f s of audio) in %.2f s:%n  %s%n", file.getFileName(),
                        r.getAudioDurationSeconds(), seconds(t), r.getAlternatives(0).getText());

                out.printf(Locale.ROOT, "%nStreamingRecognize %s in 100 ms chunks, real time:%n", wav.getFileName());
                long s = System.nanoTime();
                AudioStream<?, StreamingRecognizeResponse> stream = client.streamRecognize("",
                        StreamingRecognitionConfig.newBuilder().setFormat(PromptwaveClient.wavFormat())
                                .setInterimIntervalSeconds(0.5).build(), m -> print(out, m, s));
                PromptwaveClient.sendWav(stream, wav, 100, true);
                stream.finish(60, TimeUnit.SECONDS);

                Optional<PromptRegistry.Status> slots = served.registry().list().stream()
                        .filter(v -> v.active() && v.info().task().equals("slots")).findFirst();
                if (slots.isPresent()) {
                    t = System.nanoTime();
                    UnderstandResponse u = client.understand(wav, slots.get().info().name());
                    out.printf(Locale.ROOT, "%nUnderstand %s with %s in %.2f s:%n  intent %s (%.2f), slots %s%n  %s%n",
                            wav.getFileName(), slots.get().info().id(), seconds(t), u.getResult().getIntent().getName(),
                            u.getResult().getIntent().getConfidence(), u.getResult().getSlotsList().stream()
                                    .map(v -> v.getType() + "=" + v.getValue()).toList(), u.getResult().getText());
                } else {
                    out.printf("%nUnderstand: skipped, no slots prompt is loaded (train one with adapt --task slots "
                            + "and put it under %s)%n", served.promptsDir());
                }
            } finally {
                long c = System.nanoTime();
                server.close();
                out.printf(Locale.ROOT, "%nserver shut down in %.2f s%n", seconds(c));
                out.flush();
            }
        }
        return 0;
    }

    private static synchronized void print(PrintWriter out, StreamingRecognizeResponse m, long start) {
        double at = seconds(start);
        if (m.hasSpeechEvent()) {
            out.printf(Locale.ROOT, "  %5.2f s  %s at %.2f s%n", at, m.getSpeechEvent().getType(),
                    m.getSpeechEvent().getOffsetSeconds());
        } else {
            var r = m.getResult();
            out.printf(Locale.ROOT, "  %5.2f s  %s %s%n", at, r.getIsFinal() ? "final:  " : String.format(Locale.ROOT,
                    "interim (stability %.2f):", r.getStability()), r.getAlternatives(0).getText());
        }
        out.flush();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
