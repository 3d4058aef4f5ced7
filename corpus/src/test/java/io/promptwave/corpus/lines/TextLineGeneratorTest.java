package io.promptwave.corpus.lines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.TtsAvailable;
import io.promptwave.corpus.text.SentencePool;
import io.promptwave.corpus.text.SpokenForm;
import io.promptwave.vision.Image;
import io.promptwave.vision.decode.ImageDecoder;
import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLineGeneratorTest {
    private static TextLineSpec spec;
    @TempDir
    static Path dir;
    private static Path corpus;
    private static Map<String, TextLineGenerator.SplitSummary> summary;

    @BeforeAll
    static void renderSmallCorpus() throws Exception {
        spec = TextLineSpec.load(TtsAvailable.recipe("corpora/ocr-lines.json"));
        assumeFontsAndTexts(spec);
        corpus = dir.resolve("ocr-lines");
        summary = new TextLineGenerator().generate(spec, "small", spec.seed(), corpus);
    }

    @Test
    void everySplitHasItsLinesAsDecodableImagesOfTheStatedSize() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        for (TextLineSpec.Split split : spec.splits()) {
            List<JsonObject> lines = manifest(split.name());
            assertEquals(split.smallLines(), lines.size(), split.name());
            assertEquals(split.smallLines(), summary.get(split.name()).lines());
            for (JsonObject line : lines) {
                String text = line.get("text").getAsString();
                assertTrue(text.length() >= spec.minChars() && text.length() <= spec.maxChars(), text);
                Image image = decoder.decode(corpus.resolve(line.get("image").getAsString()));
                assertEquals(40, image.height());
                assertEquals(line.get("width").getAsInt(), image.width());
                assertEquals("en", line.get("lang").getAsString());
            }
        }
    }

    @Test
    void noSentenceIsInTwoSplitsAndHeldOutFontsStayOut() throws Exception {
        Set<String> seen = new HashSet<>();
        Set<String> heldOut = new HashSet<>();
        spec.fonts("held-out").forEach(f -> heldOut.add(f.toString()));
        for (TextLineSpec.Split split : spec.splits()) {
            for (JsonObject line : manifest(split.name())) {
                assertTrue(seen.add(line.get("text").getAsString()), "twice: " + line);
                boolean isHeldOut = heldOut.contains(line.get("font").getAsString());
                assertEquals(split.fontGroup().equals("held-out"), isHeldOut, line.toString());
                int bucket = SentencePool.bucket(SpokenForm.forLanguage("en").speak(line.get("text").getAsString())
                        .orElseThrow());
                assertTrue(bucket >= split.bucketFrom() && bucket < split.bucketTo(), line + " in bucket " + bucket);
            }
        }
    }

    @Test
    void theSameSpecAndSeedGiveTheSameBytes() throws Exception {
        Path again = dir.resolve("again");
        new TextLineGenerator().generate(spec, "small", spec.seed(), again);
        for (TextLineSpec.Split split : spec.splits()) {
            assertArrayEquals(Files.readAllBytes(corpus.resolve(split.name() + ".jsonl")),
                    Files.readAllBytes(again.resolve(split.name() + ".jsonl")));
        }
        for (String image : List.of("train-000000.png", "lowres-test-000003.png")) {
            assertArrayEquals(Files.readAllBytes(corpus.resolve("images").resolve(image)),
                    Files.readAllBytes(again.resolve("images").resolve(image)), image);
        }
        CorpusException other = assertThrows(CorpusException.class,
                () -> new TextLineGenerator().generate(spec, "small", spec.seed() + 1, again));
        assertEquals(again + " holds another corpus (its corpus.json has another spec, seed or scale); choose an "
                + "empty directory", other.getMessage());
    }

    @Test
    void aMissingFontIsNamedWithItsPackages() {
        CorpusException e = assertThrows(CorpusException.class, () -> new LineRenderer(40, new double[] {0.5, 0.7},
                List.of(FontFace.parse("No Such Family:bold")), List.of("fonts-liberation")));
        assertEquals("font family 'No Such Family' is not installed (install: apt-get install fonts-liberation)",
                e.getMessage());
        assertEquals("font 'DejaVu Sans:wide': style must be plain, bold, italic or bold-italic",
                assertThrows(IllegalArgumentException.class, () -> FontFace.parse("DejaVu Sans:wide")).getMessage());
    }

    @Test
    void badSpecsAreNamed(@TempDir Path specs) throws Exception {
        String good = Files.readString(TtsAvailable.recipe("corpora/ocr-lines.json"));
        Path unknownGroup = Files.writeString(specs.resolve("group.json"),
                good.replace("\"fonts\": \"held-out\"", "\"fonts\": \"italic-only\""));
        assertEquals(unknownGroup + ": split 'lowres-train' names font group 'italic-only', which fonts.groups does"
                + " not define", assertThrows(CorpusException.class, () -> TextLineSpec.load(unknownGroup)).getMessage());
        Path tiny = Files.writeString(specs.resolve("tiny.json"), good.replace("\"height\": 40", "\"height\": 4"));
        assertEquals(tiny + ": render.height must be 8 to 256 pixels",
                assertThrows(CorpusException.class, () -> TextLineSpec.load(tiny)).getMessage());
    }

    private static List<JsonObject> manifest(String split) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve(split + ".jsonl"))) {
            out.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return out;
    }

    /**
     * Skips (or, under CI's PROMPTWAVE_REQUIRE_TTS=1, fails) unless the spec's fonts and fortune
     * files are installed; CI installs them.
     */
    private static void assumeFontsAndTexts(TextLineSpec spec) {
        Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        TreeSet<String> missing = new TreeSet<>();
        spec.fontGroups().values().forEach(faces -> faces.forEach(f -> {
            if (!installed.contains(f.family())) {
                missing.add(f.family());
            }
        }));
        boolean texts = spec.textFiles().stream().allMatch(f -> Files.isRegularFile(spec.textDirectory().resolve(f)));
        String message = "needs fonts " + missing + (texts ? "" : " and fortune files") + ": apt-get install "
                + String.join(" ", spec.fontPackages()) + " " + String.join(" ", spec.textPackages());
        boolean ready = missing.isEmpty() && texts;
        if ("1".equals(System.getenv("PROMPTWAVE_REQUIRE_TTS")) && !ready) {
            throw new AssertionError(message + " (PROMPTWAVE_REQUIRE_TTS=1)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(ready, message);
    }
}
