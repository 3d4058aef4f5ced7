package io.promptwave.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.encode.WavWriter;
import io.promptwave.client.load.LoadConfig;
import io.promptwave.client.load.LoadGenerator;
import io.promptwave.client.load.LoadReport;
import io.promptwave.client.load.Recording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator against a real server on loopback: a short run over three prompts counts
 * every stream, final and audio second, and the server's batches saw those rows.
 */
class LoadGeneratorLoopbackTest {
    @Test
    void countsStreamsFinalsAndAudio(@TempDir Path dir) throws Exception {
        Recording recording = new Recording("alarm", WavWriter.samples(ServedFixture.audio(ServedFixture.ALARM),
                WavWriter.Encoding.PCM_16), 16000);
        try (ServedModels models = ServedFixture.load(ServedFixture.modelsFolder(Files.createDirectory(
                dir.resolve("models"))))) {
            PromptwaveServer server = PromptwaveServer.forPort(models, ServerConfig.builder().optPort(0).build())
                    .start();
            try {
                long rowsBefore = server.metrics().rows();
                LoadReport r = new LoadGenerator("localhost:" + server.port(), false, null).run(new LoadConfig(3,
                        List.of("newvoice", "deepvoice", ""), List.of(recording), 1, 100, false, false));
                assertEquals(0, r.failed(), r.failures().toString());
                assertTrue(r.streams() >= 3, "every client finished at least one stream: " + r.streams());
                assertEquals(r.streams(), r.finals(), "the alarm is one utterance");
                assertEquals(r.streams() * recording.seconds(), r.audioSeconds(), 1e-9);
                assertEquals(r.streams(), server.metrics().rows() - rowsBefore, "one final row per stream");
                assertTrue(r.latency(0.5) > 0 && r.latency(0.5) <= r.latency(0.99));
            } finally {
                server.close();
            }
        }
    }
}
