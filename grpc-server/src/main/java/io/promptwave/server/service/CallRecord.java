package io.promptwave.server.service;

import io.grpc.Status;
import io.promptwave.server.metrics.ServerMetrics;

/** Times one call and counts it by method, prompt and status code when it ends. */
final class CallRecord {
    private final ServerMetrics metrics;
    private final String method;
    private final String prompt;
    private final long start = System.nanoTime();
    private boolean done;

    CallRecord(ServerMetrics metrics, String method, String prompt) {
        this.metrics = metrics;
        this.method = method;
        int at = prompt.lastIndexOf('@');
        this.prompt = at < 0 ? prompt : prompt.substring(0, at);
    }

    synchronized void done(Status.Code code) {
        if (!done) {
            done = true;
            metrics.requestDone(method, prompt, code.name(), (System.nanoTime() - start) / 1e9);
        }
    }

    String prompt() {
        return prompt;
    }
}
