package io.promptwave.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.promptwave.api.v1.RecognitionConfig;
import io.promptwave.client.PromptwaveClient;
import io.promptwave.core.decode.AudioTranscriber;
import io.promptwave.server.security.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over real Netty on loopback, as {@code promptwave serve} runs it: API keys with
 * roles, the metrics endpoint, and a graceful shutdown.
 */
class NettyLoopbackTest {
    private static final String USER = "user-key-0123456789abcdef";
    private static final String ADMIN = "admin-key-0123456789abcdef";

    @Test
    void servesOverTcpWithApiKeysAndMetrics(@TempDir Path dir) throws Exception {
        try (ServedModels models = ServedFixture.load(ServedFixture.modelsFolder(Files.createDirectory(
                dir.resolve("models"))))) {
            PromptwaveServer server = PromptwaveServer.forPort(models, ServerConfig.builder().optPort(0)
                    .optMetricsPort(0).optApiKeys(ApiKeys.parse(USER + "\n" + ADMIN + ":admin", "test keys"))
                    .build()).start();
            String target = "localhost:" + server.port();
            try (PromptwaveClient user = PromptwaveClient.connect(target, false, USER);
                    PromptwaveClient admin = PromptwaveClient.connect(target, false, ADMIN);
                    PromptwaveClient nobody = PromptwaveClient.connect(target, false, null);
                    PromptwaveClient wrong = PromptwaveClient.connect(target, false, "not-a-key-at-all-really")) {
                String text = user.recognize(ServedFixture.ALARM, "newvoice", RecognitionConfig.getDefaultInstance())
                        .getAlternatives(0).getText();
                try (var lease = models.registry().lease("newvoice")) {
                    assertEquals(new AudioTranscriber(models.model(), models.defaultDecoding())
                            .transcribe(ServedFixture.audio(ServedFixture.ALARM), "en", lease.prompt()).text(), text);
                }
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> nobody.recognize(
                        ServedFixture.ALARM, "", RecognitionConfig.getDefaultInstance()));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
                assertEquals("this server needs an API key: send it as the x-api-key header",
                        e.getStatus().getDescription());
                e = assertThrows(StatusRuntimeException.class, () -> wrong.recognize(ServedFixture.ALARM, "",
                        RecognitionConfig.getDefaultInstance()));
                assertEquals("the API key is not valid", e.getStatus().getDescription());
                e = assertThrows(StatusRuntimeException.class, user::listPrompts);
                assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
                assertEquals(3, admin.listPrompts().getPromptsCount());

                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + server.metricsPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, metrics.statusCode());
                assertTrue(metrics.body().contains(
                        "promptwave_requests_total{method=\"Recognize\",prompt=\"newvoice\",code=\"OK\"} 1"),
                        metrics.body());
                assertTrue(metrics.body().contains("promptwave_batch_rows_count 1"), metrics.body());
                assertTrue(metrics.body().contains("promptwave_requests_total{method=\"ListPrompts\",prompt=\"\","
                        + "code=\"OK\"} 1"), metrics.body());
                assertTrue(!metrics.body().contains(USER) && !metrics.body().contains(ADMIN));
            } finally {
                server.close();
            }
        }
    }

    @Test
    void malformedKeyFilesAreRefusedWithoutEchoingKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse("short\n", "keys.txt"));
        assertEquals("keys.txt, entry 1: a key must have at least 16 characters", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse("a-long-enough-secret-key:root", "env PROMPTWAVE_API_KEYS"));
        assertEquals("env PROMPTWAVE_API_KEYS, entry 1: the role after ':' must be admin or user", e.getMessage());
        assertEquals(ApiKeys.Role.ADMIN, ApiKeys.parse("# ops\nsecret-secret-secret:admin", "f").roleOf(
                "secret-secret-secret"));
        assertEquals(null, ApiKeys.parse("secret-secret-secret", "f").roleOf("secret-secret-secreT"));
    }
}
