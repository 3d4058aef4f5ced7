package io.promptwave.corpus.lines;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import io.promptwave.corpus.Checksums;
import io.promptwave.corpus.CorpusException;
import io.promptwave.vision.preprocess.AugmentationConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed and validated text-line corpus spec: which sentences, rendered in which fonts, at what
 * height, degraded how, into which splits. See {@code recipes/corpora/README.md} for the format;
 * every field is checked on load and a bad one is named with the file.
 */
public final class TextLineSpec {
    private final Path file;
    private final String sha256;
    private final Json json;
    private final Map<String, List<FontFace>> fontGroups;
    private final List<Split> splits;

    /**
     * One split of the corpus.
     *
     * @param name the split's name, also its manifest's name
     * @param fontGroup the font group its lines are drawn in
     * @param bucketFrom first sentence bucket it draws from (see {@code SentencePool})
     * @param bucketTo bucket after the last
     * @param augment the degradation preset: none, light or heavy
     * @param smallLines lines at the small scale
     * @param fullLines lines at the full scale
     */
    public record Split(String name, String fontGroup, int bucketFrom, int bucketTo, String augment, int smallLines,
            int fullLines) {
        /** @return lines at {@code scale} */
        public int lines(String scale) {
            return scale.equals("small") ? smallLines : fullLines;
        }

        /** @return the augmentation preset as a configuration */
        public AugmentationConfig augmentation() {
            return switch (augment) {
                case "light" -> AugmentationConfig.light();
                case "heavy" -> AugmentationConfig.heavy();
                default -> AugmentationConfig.none();
            };
        }
    }

    private TextLineSpec(Path file, String sha256, Json json, Map<String, List<FontFace>> fontGroups, List<Split> splits) {
        this.file = file;
        this.sha256 = sha256;
        this.json = json;
        this.fontGroups = fontGroups;
        this.splits = splits;
    }

    /**
     * Reads and checks a spec.
     *
     * @throws CorpusException naming the file and the field when the spec is malformed
     */
    public static TextLineSpec load(Path file) throws CorpusException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new CorpusException(file + ": no such spec file");
        }
        byte[] bytes = Files.readAllBytes(file);
        Json json;
        try {
            json = new Gson().fromJson(new String(bytes, StandardCharsets.UTF_8), Json.class);
        } catch (JsonParseException e) {
            throw new CorpusException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (json == null) {
            throw new CorpusException(file + ": empty spec");
        }
        try {
            require("text-lines".equals(json.kind), "kind must be \"text-lines\"");
            require(json.name != null && json.name.matches("[a-z0-9\\-]+"), "name must be lowercase letters, digits and -");
            require(json.language != null, "language is required");
            require(json.texts != null && json.texts.directory != null && json.texts.files != null
                    && !json.texts.files.isEmpty(), "texts.directory and texts.files are required");
            require(json.texts.minChars > 0 && json.texts.maxChars >= json.texts.minChars,
                    "texts.min_chars must be positive and at most texts.max_chars");
            require(json.render != null && json.render.height >= 8 && json.render.height <= 256,
                    "render.height must be 8 to 256 pixels");
            require(json.render.textSize != null && json.render.textSize.length == 2 && json.render.textSize[0] > 0.2
                    && json.render.textSize[1] <= 0.95 && json.render.textSize[0] <= json.render.textSize[1],
                    "render.text_size must be [min, max] fractions of the height, within 0.2 to 0.95");
            require(json.fonts != null && json.fonts.groups != null && !json.fonts.groups.isEmpty(),
                    "fonts.groups are required");
            Map<String, List<FontFace>> groups = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> group : json.fonts.groups.entrySet()) {
                require(group.getValue() != null && !group.getValue().isEmpty(),
                        "font group '" + group.getKey() + "' is empty");
                List<FontFace> faces = new ArrayList<>();
                for (String face : group.getValue()) {
                    faces.add(FontFace.parse(face));
                }
                groups.put(group.getKey(), List.copyOf(faces));
            }
            require(json.splits != null && !json.splits.isEmpty(), "at least one split is required");
            List<Split> splits = new ArrayList<>();
            for (SplitJson s : json.splits) {
                require(s.name != null && s.name.matches("[a-z0-9\\-]+"), "every split needs a name of a-z, 0-9, -");
                require(splits.stream().noneMatch(other -> other.name().equals(s.name)), "split '" + s.name
                        + "' appears twice");
                require(groups.containsKey(s.fonts), "split '" + s.name + "' names font group '" + s.fonts
                        + "', which fonts.groups does not define");
                require(s.buckets != null && s.buckets.length == 2 && s.buckets[0] >= 0 && s.buckets[1] <= 100
                        && s.buckets[0] < s.buckets[1], "split '" + s.name + "' needs buckets [from, to) within 0-100");
                String augment = s.augment == null ? "none" : s.augment;
                require(augment.matches("none|light|heavy"), "split '" + s.name + "': augment must be none, light or heavy");
                require(s.size != null && s.size.small > 0 && s.size.full > 0, "split '" + s.name
                        + "' needs size.small and size.full, in lines");
                splits.add(new Split(s.name, s.fonts, s.buckets[0], s.buckets[1], augment, s.size.small, s.size.full));
            }
            return new TextLineSpec(file, Checksums.sha256(bytes), json, groups, List.copyOf(splits));
        } catch (IllegalArgumentException e) {
            throw new CorpusException(file + ": " + e.getMessage(), e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return the spec file */
    public Path file() {
        return file;
    }

    /** @return sha256 of the spec file's bytes */
    public String sha256() {
        return sha256;
    }

    /** @return the corpus name */
    public String name() {
        return json.name;
    }

    /** @return the language code of the texts */
    public String language() {
        return json.language;
    }

    /** @return the default seed */
    public long seed() {
        return json.seed;
    }

    /** @return the fortune files' directory */
    public Path textDirectory() {
        return Path.of(json.texts.directory);
    }

    /** @return the fortune files read, in order */
    public List<String> textFiles() {
        return List.copyOf(json.texts.files);
    }

    /** @return the Debian packages that hold the texts */
    public List<String> textPackages() {
        return json.texts.packages == null ? List.of() : List.copyOf(json.texts.packages);
    }

    /** @return the shortest line kept, in characters */
    public int minChars() {
        return json.texts.minChars;
    }

    /** @return the longest line kept, in characters */
    public int maxChars() {
        return json.texts.maxChars;
    }

    /** @return the height of every rendered line, in pixels */
    public int height() {
        return json.render.height;
    }

    /** @return the smallest and largest text size, as fractions of the height */
    public double[] textSize() {
        return json.render.textSize.clone();
    }

    /** @return the Debian packages that hold the fonts */
    public List<String> fontPackages() {
        return json.fonts.packages == null ? List.of() : List.copyOf(json.fonts.packages);
    }

    /** @return the fonts of a group */
    public List<FontFace> fonts(String group) {
        return fontGroups.get(group);
    }

    /** @return every font group by name */
    public Map<String, List<FontFace>> fontGroups() {
        return fontGroups;
    }

    /** @return the splits in spec order */
    public List<Split> splits() {
        return splits;
    }

    /** Gson's view of the file. */
    private static final class Json {
        String kind;
        String name;
        String description;
        String language;
        long seed;
        TextsJson texts;
        FontsJson fonts;
        RenderJson render;
        List<SplitJson> splits;
    }

    private static final class TextsJson {
        String directory;
        List<String> files;
        List<String> packages;
        @SerializedName("min_chars")
        int minChars;
        @SerializedName("max_chars")
        int maxChars;
    }

    private static final class FontsJson {
        List<String> packages;
        Map<String, List<String>> groups;
    }

    private static final class RenderJson {
        int height;
        @SerializedName("text_size")
        double[] textSize;
    }

    private static final class SplitJson {
        String name;
        String fonts;
        int[] buckets;
        String augment;
        SizeJson size;
    }

    private static final class SizeJson {
        int small;
        int full;
    }
}
