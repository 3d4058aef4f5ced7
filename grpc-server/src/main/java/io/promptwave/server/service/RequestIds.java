package io.promptwave.server.service;

import java.util.UUID;

/** Request ids: the caller's when it sent one (trimmed to a sane length), otherwise a fresh one. */
final class RequestIds {
    private static final int MAX = 128;

    private RequestIds() {
    }

    static String of(String sent) {
        if (sent == null || sent.isBlank()) {
            return UUID.randomUUID().toString();
        }
        String clean = sent.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > MAX ? clean.substring(0, MAX) : clean;
    }
}
