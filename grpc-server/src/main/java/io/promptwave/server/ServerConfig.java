package io.promptwave.server;

import io.promptwave.server.scheduler.SchedulerConfig;
import io.promptwave.server.security.ApiKeys;
import io.promptwave.server.service.ServiceLimits;
import java.nio.file.Path;

/**
 * How a {@link PromptwaveServer} runs. Immutable; built with {@link #builder()}.
 *
 * @param port the gRPC port (0 picks a free one)
 * @param scheduler batching
 * @param limits per-call limits
 * @param apiKeys accepted keys (none: authentication off)
 * @param tlsCertificate PEM certificate chain, or null for plaintext
 * @param tlsPrivateKey PEM private key, or null
 * @param metricsPort HTTP port of {@code /metrics} (0 picks one, -1 turns it off)
 * @param maxMessageBytes largest message a client may send
 * @param shutdownGraceSeconds how long in-flight calls get to finish at shutdown
 */
public record ServerConfig(int port, SchedulerConfig scheduler, ServiceLimits limits, ApiKeys apiKeys,
        Path tlsCertificate, Path tlsPrivateKey, int metricsPort, int maxMessageBytes, int shutdownGraceSeconds) {

    /** Checks the settings. */
    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a private key");
        }
        if (metricsPort < -1 || metricsPort > 65535) {
            throw new IllegalArgumentException("metrics port must be -1 (off) or 0 to 65535, got " + metricsPort);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("max message size must be at least 1024 bytes, got " + maxMessageBytes);
        }
        if (shutdownGraceSeconds < 0) {
            throw new IllegalArgumentException("shutdown grace must not be negative");
        }
    }

    /** @return a builder with the defaults: port 50051, metrics off, 32 MiB messages, 30 s grace */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder; every setting is optional. */
    public static final class Builder {
        private int port = 50051;
        private SchedulerConfig scheduler = SchedulerConfig.builder().build();
        private ServiceLimits limits = ServiceLimits.defaults();
        private ApiKeys apiKeys = ApiKeys.none();
        private Path tlsCertificate;
        private Path tlsPrivateKey;
        private int metricsPort = -1;
        private int maxMessageBytes = 32 << 20;
        private int shutdownGraceSeconds = 30;

        private Builder() {
        }

        /** @param p the gRPC port @return this */
        public Builder optPort(int p) {
            port = p;
            return this;
        }

        /** @param s batching @return this */
        public Builder optScheduler(SchedulerConfig s) {
            scheduler = s;
            return this;
        }

        /** @param l per-call limits @return this */
        public Builder optLimits(ServiceLimits l) {
            limits = l;
            return this;
        }

        /** @param k accepted API keys @return this */
        public Builder optApiKeys(ApiKeys k) {
            apiKeys = k;
            return this;
        }

        /** @param certificate PEM chain @param privateKey PEM key @return this */
        public Builder optTls(Path certificate, Path privateKey) {
            tlsCertificate = certificate;
            tlsPrivateKey = privateKey;
            return this;
        }

        /** @param p the metrics HTTP port, -1 for none @return this */
        public Builder optMetricsPort(int p) {
            metricsPort = p;
            return this;
        }

        /** @param n largest inbound message @return this */
        public Builder optMaxMessageBytes(int n) {
            maxMessageBytes = n;
            return this;
        }

        /** @param s grace at shutdown @return this */
        public Builder optShutdownGraceSeconds(int s) {
            shutdownGraceSeconds = s;
            return this;
        }

        /** @return the config */
        public ServerConfig build() {
            return new ServerConfig(port, scheduler, limits, apiKeys, tlsCertificate, tlsPrivateKey, metricsPort,
                    maxMessageBytes, shutdownGraceSeconds);
        }
    }
}
