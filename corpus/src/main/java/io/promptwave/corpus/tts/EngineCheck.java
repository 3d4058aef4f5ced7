package io.promptwave.corpus.tts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Finds out whether the engines and voices a corpus needs are installed, and names the Debian
 * packages that provide what is missing. Installs nothing.
 */
public final class EngineCheck {
    /** Festival voices and the Debian packages that ship them. */
    private static final Map<String, String> FESTIVAL_VOICES = Map.of(
            "kal_diphone", "festvox-kallpc16k",
            "ked_diphone", "festvox-kdlpc16k",
            "cmu_us_slt_arctic_hts", "festvox-us-slt-hts",
            "lp_diphone", "festvox-italp16k",
            "pc_diphone", "festvox-itapc16k");
    private static final Path FESTIVAL_VOICE_DIR = Path.of("/usr/share/festival/voices");

    private EngineCheck() {
    }

    /** @return the Debian packages missing for these voices, sorted; empty when all are present */
    public static TreeSet<String> missingPackages(Collection<Voice> voices) {
        TreeSet<String> missing = new TreeSet<>();
        for (Voice v : voices) {
            if (!onPath(v.engine().command())) {
                missing.add(v.engine().command());
            }
            if (v.engine() == Engine.FESTIVAL) {
                String pkg = FESTIVAL_VOICES.get(v.name());
                if (pkg == null) {
                    throw new IllegalArgumentException("unknown festival voice '" + v.name() + "' (have "
                            + new TreeSet<>(FESTIVAL_VOICES.keySet()) + ")");
                }
                if (!festivalVoiceInstalled(v.name())) {
                    missing.add(pkg);
                }
            }
        }
        return missing;
    }

    /** @return each engine's own version line, for the corpus summary */
    public static Map<String, String> versions(Collection<Voice> voices) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (Voice v : voices) {
            Engine e = v.engine();
            versions.computeIfAbsent(e.id(), id -> firstLine(e.command(), "--version"));
        }
        return versions;
    }

    private static boolean festivalVoiceInstalled(String name) {
        try (var languages = Files.list(FESTIVAL_VOICE_DIR)) {
            return languages.anyMatch(dir -> Files.isDirectory(dir.resolve(name)));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String command, String flag) {
        try {
            Process p = new ProcessBuilder(command, flag).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown (no answer to " + flag + ")";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // the line that says "version" if there is one (flite prints its copyright first)
            return out.lines().map(String::strip).filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("version")
                    || l.matches(".*\\d+\\.\\d+.*") && !l.contains("Copyright")).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
