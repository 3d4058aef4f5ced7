package io.promptwave.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The API keys a server accepts, each with its role. Only SHA-256 digests of the keys are kept,
 * and they are compared in constant time; nothing here ever prints a key.
 *
 * <p>Format, in a file or in an environment variable: one key per line (or per comma), a key
 * optionally followed by {@code :admin} or {@code :user} (the default). Blank lines and lines
 * starting with {@code #} are ignored.
 */
public final class ApiKeys {
    /** What a key may do. */
    public enum Role {
        /** Recognition and understanding. */
        USER,
        /** Everything, including the Prompts service. */
        ADMIN
    }

    private record Entry(byte[] digest, Role role) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** @return no keys: authentication is off */
    public static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    /**
     * @param text keys as described above
     * @param origin where they came from, for messages (never the keys themselves)
     * @return the keys
     * @throws IllegalArgumentException naming the line of a malformed entry
     */
    public static ApiKeys parse(String text, String origin) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("[\\n,]");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Role role = Role.USER;
            int colon = line.lastIndexOf(':');
            if (colon >= 0) {
                String r = line.substring(colon + 1).strip();
                role = switch (r) {
                    case "admin" -> Role.ADMIN;
                    case "user" -> Role.USER;
                    default -> throw new IllegalArgumentException(origin + ", entry " + (i + 1) + ": the role after ':'"
                            + " must be admin or user");
                };
                line = line.substring(0, colon).strip();
            }
            if (line.length() < 16) {
                throw new IllegalArgumentException(origin + ", entry " + (i + 1)
                        + ": a key must have at least 16 characters");
            }
            entries.add(new Entry(digest(line), role));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(origin + " holds no keys");
        }
        return new ApiKeys(entries);
    }

    /**
     * @param file a keys file
     * @return its keys
     * @throws IOException when it cannot be read
     */
    public static ApiKeys read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** @return whether any key is configured */
    public boolean enabled() {
        return !entries.isEmpty();
    }

    /**
     * @param key a key a caller sent
     * @return its role, or null when it is not a valid key
     */
    public Role roleOf(String key) {
        if (key == null) {
            return null;
        }
        byte[] d = digest(key);
        Role found = null;
        for (Entry e : entries) {
            // every entry is compared, so the time says nothing about which one matched
            if (MessageDigest.isEqual(d, e.digest()) && found == null) {
                found = e.role();
            }
        }
        return found;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return entries.size() + " API keys";
    }
}
