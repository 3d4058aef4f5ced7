package io.promptwave.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves {@link ServerMetrics} at {@code GET /metrics} for Prometheus to scrape. */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer http;

    /**
     * Starts serving.
     *
     * @param metrics what to show
     * @param port the HTTP port (0 picks a free one)
     * @throws IOException when the port cannot be bound
     */
    public MetricsEndpoint(ServerMetrics metrics, int port) throws IOException {
        this.http = HttpServer.create(new InetSocketAddress(port), 0);
        http.createContext("/metrics", exchange -> reply(exchange, metrics));
        http.start();
    }

    private static void reply(HttpExchange exchange, ServerMetrics metrics) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** @return the bound port */
    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
