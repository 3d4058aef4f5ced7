package io.promptwave.vision.preprocess;

import io.promptwave.features.FeatureSequence;
import io.promptwave.vision.Image;
import io.promptwave.vision.ImageFormatException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a picture of a text line becomes the model's input: gray, optionally straightened, scaled to
 * {@code height} pixels, then cut into column patches {@code patchWidth} pixels wide with no
 * overlap, values from -1 (black) to 1 (white). A model trained on these features records the
 * settings ({@link #toConfig()}) so reading uses exactly the same.
 *
 * <p>Immutable and thread-safe.
 */
public final class LineFeatureExtractor {
    private final int height;
    private final int patchWidth;
    private final double deskewDegrees;
    private final LineNormalizer normalizer;
    private final PatchExtractor patches;

    /**
     * @param height line height in pixels, 8 to 512
     * @param patchWidth patch width in pixels, 1 to 64
     * @param deskewDegrees straighten lines turned by up to this much (0: never)
     */
    public LineFeatureExtractor(int height, int patchWidth, double deskewDegrees) {
        if (patchWidth < 1 || patchWidth > 64) {
            throw new IllegalArgumentException("patch width must be 1 to 64 pixels, got " + patchWidth);
        }
        this.height = height;
        this.patchWidth = patchWidth;
        this.deskewDegrees = deskewDegrees;
        this.normalizer = LineNormalizer.builder().height(height).deskew(deskewDegrees).build();
        this.patches = PatchExtractor.columns(patchWidth, patchWidth, PixelNormalization.centred());
    }

    /** @return the values per frame: height times patch width */
    public int dims() {
        return height * patchWidth;
    }

    /** @return the line height in pixels */
    public int height() {
        return height;
    }

    /** @return the patch width in pixels */
    public int patchWidth() {
        return patchWidth;
    }

    /**
     * @param line a picture of one line of text
     * @return one frame per patch column, left to right
     * @throws ImageFormatException when the line is too wide at the normalised height
     */
    public FeatureSequence extract(Image line) throws ImageFormatException {
        return patches.extract(normalizer.normalize(line));
    }

    /** @return the settings, for a model's config.json */
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "line_patches");
        m.put("height", height);
        m.put("patch_width", patchWidth);
        m.put("deskew_degrees", deskewDegrees);
        m.put("normalization", "centred");
        m.put("dims", dims());
        return m;
    }

    /**
     * @param config what {@link #toConfig()} wrote
     * @return the extractor it describes
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static LineFeatureExtractor fromConfig(Map<String, ?> config) {
        if (!"line_patches".equals(config.get("kind"))) {
            throw new IllegalArgumentException("image features of kind '" + config.get("kind")
                    + "' (expected line_patches)");
        }
        return new LineFeatureExtractor(whole(config, "height"), whole(config, "patch_width"),
                config.get("deskew_degrees") instanceof Number n ? n.doubleValue() : 0);
    }

    private static int whole(Map<String, ?> config, String field) {
        if (!(config.get(field) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("image feature field '" + field + "' is missing or not a whole number");
        }
        return n.intValue();
    }

    @Override
    public String toString() {
        return "line patches: height " + height + ", " + patchWidth + " px columns"
                + (deskewDegrees > 0 ? ", deskew up to " + deskewDegrees + " degrees" : "");
    }
}
