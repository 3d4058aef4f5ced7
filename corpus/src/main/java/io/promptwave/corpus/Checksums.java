package io.promptwave.corpus;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the checksum corpora record for specs, plans, text sources, manifests and audio. */
public final class Checksums {
    private Checksums() {
    }

    /** @return the SHA-256 of {@code bytes} as 64 lowercase hex digits */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Bytes(bytes));
    }

    /** @return the SHA-256 of {@code bytes} */
    public static byte[] sha256Bytes(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
