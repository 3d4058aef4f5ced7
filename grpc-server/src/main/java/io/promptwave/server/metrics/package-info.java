/**
 * What the server measures (requests, latency, queue delay, batch sizes, real-time factor, per
 * prompt) and the HTTP endpoint that shows it in Prometheus text format.
 */
package io.promptwave.server.metrics;
