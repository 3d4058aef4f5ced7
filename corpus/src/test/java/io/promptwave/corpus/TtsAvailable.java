package io.promptwave.corpus;

import io.promptwave.corpus.spec.CorpusSpec;
import io.promptwave.corpus.tts.EngineCheck;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that synthesise speech need Debian's TTS engines. Without them they are skipped with the
 * packages to install, so `./mvnw verify` works with only a JDK; CI installs the packages and sets
 * PROMPTWAVE_REQUIRE_TTS=1, which turns a skip into a failure so the tests cannot silently not run.
 */
public final class TtsAvailable {
    private TtsAvailable() {
    }

    /** @return the path of {@code recipes/<name>} */
    public static Path recipe(String name) {
        return Path.of(System.getProperty("promptwave.recipes", "../recipes"), name);
    }

    /** Skips (or, under CI, fails) the calling test unless every voice of the specs is installed. */
    public static void assume(String... specs) throws Exception {
        TreeSet<String> missing = new TreeSet<>();
        for (String spec : specs) {
            missing.addAll(EngineCheck.missingPackages(CorpusSpec.load(recipe("corpora/" + spec + ".json")).allVoices()));
        }
        String message = "needs Debian packages: apt-get install " + String.join(" ", missing);
        if ("1".equals(System.getenv("PROMPTWAVE_REQUIRE_TTS")) && !missing.isEmpty()) {
            throw new AssertionError(message + " (PROMPTWAVE_REQUIRE_TTS=1)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), message);
    }
}
