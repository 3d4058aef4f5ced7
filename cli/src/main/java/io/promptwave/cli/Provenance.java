package io.promptwave.cli;

import io.promptwave.core.train.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a model was made, for its config.json: SDK, git commit, seed, data hashes, platform, date, settings. */
final class Provenance {
    private Provenance() {
    }

    static Map<String, Object> of(long seed, List<Path> manifests, TrainingConfig config) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sdk_version", VersionInfo.version());
        p.put("git_commit", gitCommit());
        p.put("seed", seed);
        p.put("data_manifests_sha256", hashes(manifests));
        p.put("java", System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name"));
        p.put("arch", System.getProperty("os.arch"));
        p.put("date", Instant.now().toString());
        p.put("training", config);
        return p;
    }

    /** @return each file's sha256, by file name, in the given order */
    static Map<String, String> hashes(List<Path> files) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path f : files) {
            out.put(f.getFileName().toString(), sha256(f));
        }
        return out;
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // the digest sees every byte
            }
            return java.util.HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
