/**
 * The gRPC server: {@link io.promptwave.server.PromptwaveServer} wires the shared backbone and its
 * prompts ({@link io.promptwave.server.ServedModels}) to the promptwave.v1 services, with health,
 * reflection, API keys, TLS, keepalive and metrics. Sub-packages: {@code scheduler} (batching),
 * {@code service} (the RPCs), {@code security} (API keys), {@code metrics} (Prometheus).
 */
package io.promptwave.server;
