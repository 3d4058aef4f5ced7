package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what Ctrl-C's SIGINT and a scheduler's stop send alike) to a real {@code promptwave pretrain}
 * process: before, the JVM could exit with the training thread inside PyTorch and die of SIGSEGV
 * ({@code hs_err_pid*.log}, exit code 134), losing the step. Now the step ends, a checkpoint is saved,
 * and the same command goes on from it.
 */
class TrainingInterruptionTest {
    @TempDir
    Path dir;

    private List<String> command(String... extra) throws IOException {
        Path text = dir.resolve("sentences.txt");
        if (!Files.exists(text)) {
            Files.write(text, List.of("wake me up at six", "turn the lights off", "play some jazz",
                    "what is the weather like", "set a timer for ten minutes", "call my sister"));
        }
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), PromptwaveCommand.class.getName(),
                "pretrain", "--text", text.toString(), "--text-only", "--out", dir.resolve("lm").toString(),
                "--run", dir.resolve("run").toString(), "--epochs", "100000", "--batch-frames", "2000",
                "--d-model", "32", "--heads", "4", "--encoder-layers", "1", "--decoder-layers", "1",
                "--feed-forward", "64", "--front-end-width", "32", "--languages", "en", "--patience", "0"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Starts the process with its output (stdout and stderr) going to {@code log}. */
    private Process start(List<String> cmd, Path log) throws IOException {
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void aTerminatedRunSavesItsStepAndTheSameCommandGoesOn() throws Exception {
        Path firstLog = dir.resolve("first.log");
        Process run = start(command(), firstLog);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!read(firstLog).contains("\nepoch 3 ") && System.nanoTime() < deadline && run.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(read(firstLog).contains("\nepoch 3 "), "no third epoch: " + read(firstLog));
        run.destroy(); // SIGTERM
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "still running after SIGTERM: " + read(firstLog));
        String out = read(firstLog);
        assertEquals(143, run.exitValue(), out); // 128 + SIGTERM: an orderly exit, not a crash (134)
        assertTrue(out.contains("pretrain: stopping after this step, or after the dev evaluation under way, to save "
                + "a checkpoint"), out);
        assertTrue(out.matches("(?s).*pretrain: stopped on request: checkpoint saved after \\d+ steps; run the same "
                + "command again to continue.*"), out);
        assertTrue(out.contains("pretrain: paused after"), out);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "a native crash report");
        }
        long saved = Long.parseLong(out.replaceAll("(?s).*checkpoint saved after (\\d+) steps.*", "$1"));

        Path secondLog = dir.resolve("second.log");
        Process resumed = start(command("--pause-at-step", Long.toString(saved + 2)), secondLog);
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "the resumed run did not pause: " + read(secondLog));
        String second = read(secondLog);
        assertEquals(0, resumed.exitValue(), second);
        assertTrue(second.contains("step " + saved), second);
        assertTrue(second.contains("checkpoint saved after " + (saved + 2) + " steps"), second);
    }
}
