package io.promptwave.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.promptwave.api.v1.RecognitionConfig;
import io.promptwave.api.v1.RecognizeResponse;
import io.promptwave.api.v1.StreamingRecognitionConfig;
import io.promptwave.api.v1.StreamingRecognizeResponse;
import io.promptwave.api.v1.UnderstandResponse;
import io.promptwave.client.AudioStream;
import io.promptwave.client.PromptwaveClient;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.server.security.ApiKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client not written in Java: the Python sample ({@code samples/python/promptwave_client.py},
 * Debian's python3-grpcio and python3-protobuf, descriptors from server reflection) against the
 * server over Netty. Its answers must equal the Java client's, byte for byte in JSON.
 *
 * <p>Skipped when the interpreter lacks grpcio, unless {@code PROMPTWAVE_REQUIRE_PYTHON_GRPC=1}
 * (set by {@code .ci/run}, which installs the packages) turns the skip into a failure.
 */
class PythonInteropTest {
    private static final Path SCRIPT = ServedFixture.REPO.resolve("samples/python/promptwave_client.py");
    private static final String USER = "python-user-key-0123456789";
    private static final String ADMIN = "python-admin-key-0123456789";
    private static String python;

    @BeforeAll
    static void findPython() throws IOException, InterruptedException {
        String configured = System.getenv("PROMPTWAVE_PYTHON");
        // Debian's packages land in /usr/bin/python3's path, which a pyenv python3 first on PATH lacks
        python = configured != null ? configured : Files.isExecutable(Path.of("/usr/bin/python3"))
                ? "/usr/bin/python3" : "python3";
        Result probe = run(List.of(python, "-c", "import grpc, google.protobuf"));
        String missing = python + " cannot import grpc and google.protobuf (install python3-grpcio and "
                + "python3-protobuf): " + probe.err.strip();
        if (probe.code != 0 && "1".equals(System.getenv("PROMPTWAVE_REQUIRE_PYTHON_GRPC"))) {
            throw new AssertionError(missing + " (PROMPTWAVE_REQUIRE_PYTHON_GRPC=1)");
        }
        Assumptions.assumeTrue(probe.code == 0, missing);
    }

    @Test
    void pythonClientGetsTheAnswersTheJavaClientGets(@TempDir Path dir) throws Exception {
        try (ServedModels models = ServedFixture.load(ServedFixture.modelsFolder(Files.createDirectory(
                dir.resolve("models"))))) {
            PromptwaveServer server = PromptwaveServer.forPort(models, ServerConfig.builder().optPort(0)
                    .optApiKeys(ApiKeys.parse(USER + "\n" + ADMIN + ":admin", "test keys")).build()).start();
            String target = "localhost:" + server.port();
            try (PromptwaveClient java = PromptwaveClient.connect(target, false, ADMIN)) {
                assertEquals(List.of("{\"service\": \"grpc.health.v1.Health\"}",
                        "{\"service\": \"grpc.reflection.v1.ServerReflection\"}",
                        "{\"service\": \"promptwave.v1.Prompts\"}", "{\"service\": \"promptwave.v1.Reader\"}",
                        "{\"service\": \"promptwave.v1.Recognizer\"}",
                        "{\"service\": \"promptwave.v1.Understanding\"}"), python(target, USER, "services").lines());
                assertEquals("{\"status\": \"SERVING\"}", python(target, USER, "health", "prompt/home").out.strip());

                RecognizeResponse recognized = java.recognize(ServedFixture.ALARM, "newvoice",
                        RecognitionConfig.getDefaultInstance());
                RecognizeResponse.Builder fromPython = RecognizeResponse.newBuilder();
                JsonFormat.parser().merge(python(target, USER, "recognize", ServedFixture.ALARM.toString(),
                        "--prompt", "newvoice").out, fromPython);
                assertEquals(recognized.getAlternativesList(), fromPython.getAlternativesList());
                assertEquals("newvoice", fromPython.getPrompt().getName());

                UnderstandResponse understood = java.understand(ServedFixture.ALARM, "home");
                UnderstandResponse.Builder understoodByPython = UnderstandResponse.newBuilder();
                JsonFormat.parser().merge(python(target, USER, "understand", ServedFixture.ALARM.toString(),
                        "--prompt", "home").out, understoodByPython);
                assertEquals(understood.getResult(), understoodByPython.getResult());

                assertStreamedFinalsMatch(java, target);
                assertUploadAndActivation(models, target, dir);
                assertErrors(target);
            } finally {
                server.close();
            }
        }
    }

    /** The finals of a stream in 100 ms chunks depend on the audio only, not on the client. */
    private static void assertStreamedFinalsMatch(PromptwaveClient java, String target) throws Exception {
        AudioStream<?, StreamingRecognizeResponse> stream = java.streamRecognize("deepvoice",
                StreamingRecognitionConfig.newBuilder().setFormat(PromptwaveClient.wavFormat())
                        .setInterimResults(false).build(), r -> { });
        PromptwaveClient.sendWav(stream, ServedFixture.ALARM, 100, false);
        List<StreamingRecognizeResponse> expected = finals(stream.finish(120, TimeUnit.SECONDS));
        List<StreamingRecognizeResponse> got = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (String line : python(target, USER, "stream", ServedFixture.ALARM.toString(), "--prompt", "deepvoice",
                "--chunk-ms", "100", "--request-id", "py-1").lines()) {
            StreamingRecognizeResponse.Builder r = StreamingRecognizeResponse.newBuilder();
            JsonFormat.parser().merge(line, r);
            assertEquals("py-1", r.getRequestId());
            events.add(r.hasSpeechEvent() ? r.getSpeechEvent().getType().name() : r.getResult().getIsFinal()
                    ? "FINAL" : "INTERIM");
            got.add(r.build());
        }
        assertEquals("SPEECH_STARTED", events.get(0), events.toString());
        assertEquals("FINAL", events.get(events.size() - 1), events.toString());
        assertEquals(expected.stream().map(r -> r.getResult()).toList(),
                finals(got).stream().map(r -> r.getResult()).toList());
    }

    private static List<StreamingRecognizeResponse> finals(List<StreamingRecognizeResponse> all) {
        return all.stream().filter(r -> r.hasResult() && r.getResult().getIsFinal()).toList();
    }

    private static void assertUploadAndActivation(ServedModels models, String target, Path dir) throws Exception {
        Path upload = dir.resolve("upload/newvoice-v2");
        try (SpeechModel model = ModelDirectory.load(ServedFixture.REPO.resolve("models/base"))) {
            ServedFixture.write(model, upload, "newvoice", 2, PromptMethod.ULPT, "asr", Map.of(), 21);
        }
        Result denied = run(command(target, USER, "upload", upload.toString(), "--activate"));
        assertEquals(1, denied.code);
        assertEquals("PERMISSION_DENIED: promptwave.v1.Prompts needs an admin API key", denied.err.strip());

        String uploaded = python(target, ADMIN, "upload", upload.toString(), "--activate").out;
        assertTrue(uploaded.contains("\"active\": true") && uploaded.contains("\"version\": 2")
                && uploaded.contains("\"method\": \"ulpt\""), uploaded);
        assertEquals(2, activeVersion(models, "newvoice"));
        String rolledBack = python(target, ADMIN, "activate", "newvoice", "1").out;
        assertTrue(rolledBack.contains("\"activeVersion\": 1"), rolledBack);
        assertEquals(1, activeVersion(models, "newvoice"));
    }

    private static int activeVersion(ServedModels models, String name) throws Exception {
        try (var lease = models.registry().lease(name)) {
            return lease.info().version();
        }
    }

    private static void assertErrors(String target) throws Exception {
        Result unknown = run(command(target, USER, "recognize", ServedFixture.ALARM.toString(), "--prompt", "nosuch"));
        assertEquals(1, unknown.code);
        assertTrue(unknown.err.startsWith("NOT_FOUND: no prompt named 'nosuch' is loaded"), unknown.err);
        Result noKey = run(command(target, null, "recognize", ServedFixture.ALARM.toString()));
        assertEquals("UNAUTHENTICATED: this server needs an API key: send it as the x-api-key header",
                noKey.err.strip());
        Result notWav = run(command(target, USER, "stream", ServedFixture.MUSIC.toString()));
        assertEquals(2, notWav.code);
        assertEquals(ServedFixture.MUSIC + " is not a WAV file (no RIFF/WAVE header); stream needs WAV",
                notWav.err.strip());
    }

    private static Result python(String target, String key, String... args) throws IOException, InterruptedException {
        Result r = run(command(target, key, args));
        assertEquals(0, r.code, "python client " + String.join(" ", args) + " failed: " + r.err);
        return r;
    }

    private static List<String> command(String target, String key, String... args) {
        List<String> c = new ArrayList<>(List.of(python, SCRIPT.toString(), "--target", target, "--timeout", "120"));
        if (key != null) {
            c.addAll(List.of("--api-key", key));
        }
        c.addAll(List.of(args));
        return c;
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("python-client", ".out");
        Path err = Files.createTempFile("python-client", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("PROMPTWAVE_API_KEY");
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("python client did not finish in 180 s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }
}
