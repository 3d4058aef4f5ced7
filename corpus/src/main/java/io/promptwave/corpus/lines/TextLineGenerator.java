package io.promptwave.corpus.lines;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.promptwave.corpus.Checksums;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.text.Sentence;
import io.promptwave.corpus.text.SentencePool;
import io.promptwave.corpus.text.SpokenForm;
import io.promptwave.vision.Image;
import io.promptwave.vision.preprocess.ImageAugmenter;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Generates a text-line corpus from a {@link TextLineSpec}: real sentences from the fortune files,
 * each drawn by {@link LineRenderer} in one of its split's fonts, degraded by the split's
 * augmentation preset, written as a gray PNG, and listed in {@code <split>.jsonl} as
 * {@code {"id","image","text","font","lang","width","height"}}.
 *
 * <p>The same spec, seed and scale give byte-identical files. No sentence is in two splits: each
 * split draws without replacement from its own sentence buckets (the buckets the speech corpora
 * use, so a test line's sentence is in no training corpus of either modality). A directory that
 * holds another corpus is refused.
 */
public final class TextLineGenerator {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** What one generated split holds. */
    public record SplitSummary(int lines, int fonts, long characters) {
    }

    /**
     * @param spec the corpus
     * @param scale "small" or "full"
     * @param seed the seed (normally the spec's)
     * @param out the corpus directory, created if missing
     * @return per split, in spec order
     * @throws CorpusException when fonts or texts are missing, a split needs more sentences than
     *     its buckets hold, or {@code out} holds another corpus
     */
    public Map<String, SplitSummary> generate(TextLineSpec spec, String scale, long seed, Path out)
            throws CorpusException, IOException {
        Path marker = out.resolve("corpus.json");
        if (Files.exists(marker)) {
            JsonObject previous = GSON.fromJson(Files.readString(marker), JsonObject.class);
            if (previous == null || !previous.has("spec_sha256")
                    || !previous.get("spec_sha256").getAsString().equals(spec.sha256())
                    || previous.get("seed").getAsLong() != seed || !previous.get("scale").getAsString().equals(scale)) {
                throw new CorpusException(out + " holds another corpus (its corpus.json has another spec, seed or "
                        + "scale); choose an empty directory");
            }
        }
        List<FontFace> allFaces = new ArrayList<>();
        spec.fontGroups().values().forEach(allFaces::addAll);
        LineRenderer renderer = new LineRenderer(spec.height(), spec.textSize(), allFaces, spec.fontPackages());
        SentencePool pool = SentencePool.read(textFiles(spec), SpokenForm.forLanguage(spec.language()), 1, 10_000);
        Set<String> used = new HashSet<>();
        Files.createDirectories(out.resolve("images"));
        Map<String, SplitSummary> summaries = new LinkedHashMap<>();
        JsonObject manifests = new JsonObject();
        for (TextLineSpec.Split split : spec.splits()) {
            List<FontFace> faces = spec.fonts(split.fontGroup());
            List<Sentence> candidates = pool.buckets(split.bucketFrom(), split.bucketTo()).shuffled(seed);
            ImageAugmenter augmenter = new ImageAugmenter(split.augmentation());
            int wanted = split.lines(scale);
            List<String> manifest = new ArrayList<>();
            Set<FontFace> fontsUsed = new LinkedHashSet<>();
            long characters = 0;
            int next = 0;
            for (Sentence sentence : candidates) {
                if (manifest.size() == wanted) {
                    break;
                }
                String text = sentence.original().replaceAll("\\s+", " ").trim();
                FontFace face = faces.get(Math.floorMod(Long.hashCode(seed) + split.name().hashCode() + next, faces.size()));
                if (text.length() < spec.minChars() || text.length() > spec.maxChars() || !printable(text)
                        || !renderer.canDraw(face, text) || !used.add(text)) {
                    continue;
                }
                next++;
                String id = String.format("%s-%06d", split.name(), manifest.size());
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + Checksums.sha256(id.getBytes(
                        StandardCharsets.UTF_8)).hashCode());
                Image clean = renderer.render(text, face, random, id);
                Image line = augmenter.augment(clean, random.nextLong());
                Path image = out.resolve("images").resolve(id + ".png");
                writeAtomically(png(line), image);
                JsonObject entry = new JsonObject();
                entry.addProperty("id", id);
                entry.addProperty("image", "images/" + id + ".png");
                entry.addProperty("text", text);
                entry.addProperty("font", face.toString());
                entry.addProperty("lang", spec.language());
                entry.addProperty("width", line.width());
                entry.addProperty("height", line.height());
                manifest.add(GSON.toJson(entry));
                fontsUsed.add(face);
                characters += text.length();
            }
            if (manifest.size() < wanted) {
                throw new CorpusException(spec.file() + ": split '" + split.name() + "' needs " + wanted
                        + " lines, but buckets " + split.bucketFrom() + "-" + split.bucketTo() + " hold only "
                        + manifest.size() + " usable sentences of " + spec.minChars() + "-" + spec.maxChars()
                        + " characters");
            }
            byte[] jsonl = (String.join("\n", manifest) + "\n").getBytes(StandardCharsets.UTF_8);
            writeAtomically(jsonl, out.resolve(split.name() + ".jsonl"));
            manifests.addProperty(split.name() + ".jsonl", Checksums.sha256(jsonl));
            summaries.put(split.name(), new SplitSummary(manifest.size(), fontsUsed.size(), characters));
        }
        JsonObject corpus = new JsonObject();
        corpus.addProperty("name", spec.name());
        corpus.addProperty("kind", "text-lines");
        corpus.addProperty("spec_sha256", spec.sha256());
        corpus.addProperty("seed", seed);
        corpus.addProperty("scale", scale);
        corpus.addProperty("height", spec.height());
        corpus.add("manifests_sha256", manifests);
        corpus.add("splits", GSON.toJsonTree(summaries));
        writeAtomically(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(corpus)
                .getBytes(StandardCharsets.UTF_8), marker);
        return summaries;
    }

    private static List<Path> textFiles(TextLineSpec spec) throws CorpusException {
        List<Path> files = new ArrayList<>();
        for (String name : spec.textFiles()) {
            Path file = spec.textDirectory().resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new CorpusException(spec.file() + ": text file " + file + " is missing"
                        + (spec.textPackages().isEmpty() ? "" : " (install: apt-get install "
                                + String.join(" ", spec.textPackages()) + ")"));
            }
            files.add(file);
        }
        return files;
    }

    /** Printable ASCII only: the fonts of every group cover it, and the model's bytes read it unambiguously. */
    private static boolean printable(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static byte[] png(Image gray) throws IOException {
        BufferedImage image = new BufferedImage(gray.width(), gray.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(gray.pixels(), 0, target, 0, target.length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private static void writeAtomically(byte[] bytes, Path target) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".part");
        Files.write(temporary, bytes);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
