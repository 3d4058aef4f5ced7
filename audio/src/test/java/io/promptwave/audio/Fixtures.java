package io.promptwave.audio;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Locates the test resources: audio under {@code fixtures/}, reference arrays under {@code golden/}. */
public final class Fixtures {
    private Fixtures() {
    }

    /** @return the path of {@code fixtures/<name>} */
    public static Path audio(String name) {
        return resource("fixtures/" + name);
    }

    /** @return the path of {@code golden/<name>} */
    public static Path golden(String name) {
        return resource("golden/" + name);
    }

    private static Path resource(String name) {
        try {
            var url = Fixtures.class.getClassLoader().getResource(name);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
