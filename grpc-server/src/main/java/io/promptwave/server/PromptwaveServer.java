package io.promptwave.server;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.promptwave.api.v1.PromptsGrpc;
import io.promptwave.api.v1.ReaderGrpc;
import io.promptwave.api.v1.RecognizerGrpc;
import io.promptwave.api.v1.UnderstandingGrpc;
import io.promptwave.core.registry.PromptRegistry;
import io.promptwave.server.metrics.MetricsEndpoint;
import io.promptwave.server.metrics.ServerMetrics;
import io.promptwave.server.scheduler.BatchScheduler;
import io.promptwave.server.security.ApiKeyInterceptor;
import io.promptwave.server.service.PromptsService;
import io.promptwave.server.service.ReaderService;
import io.promptwave.server.service.RecognizerService;
import io.promptwave.server.service.ServiceContext;
import io.promptwave.server.service.UnderstandingService;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promptwave.v1 server: Recognizer, Understanding and Prompts on one shared backbone, plus
 * gRPC health (overall, and {@code prompt/NAME} per loaded prompt) and reflection. Built on any
 * {@link ServerBuilder} (in-process in tests, Netty in {@link #forPort}); the caller owns the
 * {@link ServedModels} and closes them after the server.
 *
 * <p>{@link #close()} shuts down gracefully: health turns NOT_SERVING, new calls are refused,
 * calls in flight get the grace period to finish (the scheduler keeps running for them), then the
 * rest are cancelled.
 */
public final class PromptwaveServer implements AutoCloseable {
    /** Health service name of one prompt. */
    public static final String HEALTH_PREFIX = "prompt/";
    private static final Logger LOG = LoggerFactory.getLogger(PromptwaveServer.class);

    private final Server server;
    private final ServedModels models;
    private final ServerConfig config;
    private final ServerMetrics metrics = new ServerMetrics();
    private final BatchScheduler scheduler;
    /** One daemon thread checks every open stream's idle time and age. */
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "promptwave-stream-timers");
        t.setDaemon(true);
        return t;
    });
    private final HealthStatusManager health = new HealthStatusManager();
    private final Set<String> healthNames = new HashSet<>();
    private MetricsEndpoint metricsEndpoint;

    /**
     * @param builder a server builder, services not yet added (the port or in-process name already chosen)
     * @param models what to serve
     * @param config batching, limits, keys, metrics port
     */
    public PromptwaveServer(ServerBuilder<?> builder, ServedModels models, ServerConfig config) {
        this.models = models;
        this.config = config;
        this.scheduler = new BatchScheduler(config.scheduler(), metrics);
        ServiceContext context = new ServiceContext(models, scheduler, metrics, config.limits(), timers);
        ApiKeyInterceptor auth = new ApiKeyInterceptor(config.apiKeys(),
                Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                        "grpc.reflection.v1alpha.ServerReflection"),
                Set.of(PromptsGrpc.SERVICE_NAME));
        builder.addService(ServerInterceptors.intercept(new RecognizerService(context), auth))
                .addService(ServerInterceptors.intercept(new UnderstandingService(context), auth))
                .addService(ServerInterceptors.intercept(new ReaderService(context), auth))
                .addService(ServerInterceptors.intercept(new PromptsService(context, name -> refreshHealth()), auth))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .maxInboundMessageSize(config.maxMessageBytes());
        this.server = builder.build();
    }

    /**
     * A server on a TCP port (Netty), with TLS when the config names a certificate.
     *
     * @param models what to serve
     * @param config everything else
     * @return the server, not yet started
     * @throws IOException when the certificate or key cannot be read
     */
    public static PromptwaveServer forPort(ServedModels models, ServerConfig config) throws IOException {
        ServerCredentials credentials = config.tlsCertificate() == null ? InsecureServerCredentials.create()
                : TlsServerCredentials.create(config.tlsCertificate().toFile(), config.tlsPrivateKey().toFile());
        // keepalive: pings find dead peers of long streams; clients may ping every 10 s, not more
        ServerBuilder<?> builder = Grpc.newServerBuilderForPort(config.port(), credentials)
                .keepAliveTime(60, TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
        return new PromptwaveServer(builder, models, config);
    }

    /**
     * Starts serving, and the metrics endpoint when configured.
     *
     * @return this
     * @throws IOException when a port cannot be bound
     */
    public PromptwaveServer start() throws IOException {
        server.start();
        if (config.metricsPort() >= 0) {
            metricsEndpoint = new MetricsEndpoint(metrics, config.metricsPort());
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        for (String service : new String[] {RecognizerGrpc.SERVICE_NAME, UnderstandingGrpc.SERVICE_NAME,
            PromptsGrpc.SERVICE_NAME}) {
            health.setStatus(service, ServingStatus.SERVING);
        }
        // Reader serves only when the base has an image front-end
        health.setStatus(ReaderGrpc.SERVICE_NAME, models.imageFeatures().isPresent() ? ServingStatus.SERVING
                : ServingStatus.NOT_SERVING);
        refreshHealth();
        LOG.info("serving promptwave.v1 on port {} ({} prompts, base {}, {})", port(), models.registry().list().size(),
                models.registry().baseFingerprint().substring(0, 12), config.apiKeys().enabled() ? config.apiKeys()
                        : "no API keys");
        return this;
    }

    /** Health has one entry per loaded prompt name: SERVING while it has a version. */
    private synchronized void refreshHealth() {
        Set<String> now = new HashSet<>();
        for (PromptRegistry.Status s : models.registry().list()) {
            now.add(HEALTH_PREFIX + s.info().name());
        }
        for (String gone : healthNames) {
            if (!now.contains(gone)) {
                health.clearStatus(gone);
            }
        }
        for (String name : now) {
            health.setStatus(name, ServingStatus.SERVING);
        }
        healthNames.clear();
        healthNames.addAll(now);
    }

    /** @return the bound port (-1 in-process) */
    public int port() {
        return server.getPort();
    }

    /** @return the metrics port, or -1 when off */
    public int metricsPort() {
        return metricsEndpoint == null ? -1 : metricsEndpoint.port();
    }

    /** @return the measurements */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** @return the batcher every service submits its rows to (tests hold its worker with rows of their own) */
    BatchScheduler scheduler() {
        return scheduler;
    }

    /** Blocks until the server has terminated. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(config.shutdownGraceSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("calls still running after {} s; cancelling them", config.shutdownGraceSeconds());
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduler.close();
        timers.shutdownNow();
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
        }
    }
}
