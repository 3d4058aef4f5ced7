package io.promptwave.corpus.tts;

import io.promptwave.corpus.CorpusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the engines. espeak-ng and flite get one process per utterance (they start in
 * milliseconds); festival gets one process per batch, driven by a generated Scheme script,
 * because it takes about a second to start. Every process has a time limit, so a stuck engine
 * fails the batch instead of hanging the corpus. Thread-safe.
 */
public final class Synthesizer {
    private static final long SECONDS_PER_UTTERANCE = 60;

    /**
     * Synthesises a batch of requests that share one engine.
     *
     * @throws CorpusException when the engine fails; the message holds its exit code and stderr
     */
    public void synthesize(List<TtsRequest> batch) throws CorpusException, IOException {
        if (batch.isEmpty()) {
            return;
        }
        Engine engine = batch.get(0).voice().engine();
        for (TtsRequest r : batch) {
            if (r.voice().engine() != engine) {
                throw new IllegalArgumentException("a batch must use one engine");
            }
            if (!r.text().matches("[\\p{L}' ]+")) {
                throw new IllegalArgumentException("text must be words only: '" + r.text() + "'");
            }
            if (engine == Engine.FESTIVAL && !StandardCharsets.ISO_8859_1.newEncoder().canEncode(r.text())) {
                throw new IllegalArgumentException("festival speaks ISO-8859-1 text only: '" + r.text() + "'");
            }
        }
        if (engine == Engine.FESTIVAL) {
            festival(batch);
        } else {
            for (TtsRequest r : batch) {
                run(engine == Engine.ESPEAK ? espeak(r) : flite(r), SECONDS_PER_UTTERANCE, r.output());
            }
        }
    }

    private static List<String> espeak(TtsRequest r) {
        Voice v = r.voice();
        List<String> cmd = new ArrayList<>(List.of("espeak-ng", "-v", v.name() + (v.variant() == null ? "" : "+" + v.variant()),
                "-s", String.valueOf(Math.round(175 * v.rate()))));
        if (v.pitch() != null) {
            cmd.addAll(List.of("-p", String.valueOf(v.pitch())));
        }
        cmd.addAll(List.of("-w", r.output().toString(), r.text()));
        return cmd;
    }

    private static List<String> flite(TtsRequest r) {
        Voice v = r.voice();
        List<String> cmd = new ArrayList<>(List.of("flite", "-voice", v.name(), "--setf",
                String.format(Locale.ROOT, "duration_stretch=%.3f", 1 / v.rate())));
        if (v.pitch() != null) {
            cmd.addAll(List.of("--setf", "int_f0_target_mean=" + v.pitch()));
        }
        cmd.addAll(List.of("-t", r.text(), "-o", r.output().toString()));
        return cmd;
    }

    private static void festival(List<TtsRequest> batch) throws CorpusException, IOException {
        StringBuilder script = new StringBuilder();
        String voice = null;
        double rate = Double.NaN;
        for (TtsRequest r : batch) {
            if (!r.voice().name().equals(voice)) {
                voice = r.voice().name();
                script.append("(voice_").append(voice).append(")\n");
            }
            if (r.voice().rate() != rate) {
                rate = r.voice().rate();
                script.append(String.format(Locale.ROOT, "(Parameter.set 'Duration_Stretch %.3f)%n", 1 / rate));
            }
            script.append("(utt.save.wave (utt.synth (Utterance Text \"").append(r.text()).append("\")) \"")
                    .append(r.output().toString().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\" 'riff)\n");
        }
        Path file = Files.createTempFile(batch.get(0).output().getParent(), "festival-", ".scm");
        try {
            // festival reads its scripts as ISO-8859-1: its Italian letter-to-sound rules expect è, not UTF-8 bytes
            Files.writeString(file, script, StandardCharsets.ISO_8859_1);
            run(List.of("festival", "-b", file.toString()), SECONDS_PER_UTTERANCE * batch.size(),
                    batch.get(batch.size() - 1).output());
        } finally {
            Files.deleteIfExists(file);
        }
        for (TtsRequest r : batch) {
            if (!Files.isRegularFile(r.output())) {
                throw new CorpusException("festival wrote no audio for '" + r.text() + "' with " + r.voice().id());
            }
        }
    }

    private static void run(List<String> command, long timeoutSeconds, Path expected)
            throws CorpusException, IOException {
        // output goes to a file, not a pipe: a stuck engine must not block us before the time limit
        Path log = Files.createTempFile(expected.getParent(), command.get(0) + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new CorpusException("cannot run " + command.get(0) + ": " + e.getMessage()
                        + " (install it: apt-get install " + command.get(0) + ")", e);
            }
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    throw new CorpusException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
                }
                if (process.exitValue() != 0 || !Files.isRegularFile(expected)) {
                    String said = Files.readString(log, StandardCharsets.ISO_8859_1).strip();
                    throw new CorpusException(command.get(0) + " failed (exit " + process.exitValue() + ")"
                            + (said.isEmpty() ? "" : ": " + String.join(" / ", said.lines().limit(3).toList())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CorpusException(command.get(0) + " was interrupted", e);
            } finally {
                process.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
