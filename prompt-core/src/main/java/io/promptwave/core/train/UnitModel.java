package io.promptwave.core.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.artifact.DType;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.SafetensorsFile;
import io.promptwave.core.artifact.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Wav2Seq pseudo language: k-means units of feature frames, consecutive repeats merged, then
 * BPE merges into pseudo subwords. {@link #encode} turns an utterance's features into its pseudo
 * subwords, the targets of the {@code <units>} pretraining task. Saved as {@code units.safetensors}
 * (the centroids) and {@code units.json} (sizes, merges, feature description, seed). Immutable.
 */
public final class UnitModel {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    static final String CENTROIDS = "units.safetensors";
    static final String SETTINGS = "units.json";

    private final KMeans kmeans;
    private final UnitBpe bpe;
    private final String features;
    private final long seed;
    private final long framesUsed;

    /**
     * @param kmeans the clusters
     * @param bpe the merges over unit strings
     * @param features what the frames are, e.g. {@code fbank80 per-utterance-cmvn}
     * @param seed the seed it was fitted with
     * @param framesUsed how many frames k-means saw
     */
    public UnitModel(KMeans kmeans, UnitBpe bpe, String features, long seed, long framesUsed) {
        if (bpe.baseSymbols() != kmeans.k()) {
            throw new IllegalArgumentException("BPE over " + bpe.baseSymbols() + " units for " + kmeans.k() + " clusters");
        }
        this.kmeans = kmeans;
        this.bpe = bpe;
        this.features = features;
        this.seed = seed;
        this.framesUsed = framesUsed;
    }

    /**
     * What a fit saw and made.
     *
     * @param model the unit model
     * @param utterances utterances read (unreadable ones skipped)
     * @param frames their frames
     * @param units k-means units after merging repeats
     * @param pseudoSubwords pseudo subwords after BPE
     */
    public record Fit(UnitModel model, int utterances, long frames, long units, long pseudoSubwords) {
    }

    /** Fits on features already in memory; see {@link #fit(UtteranceSource, int, int, int, int, long, int, String)}. */
    public static UnitModel fit(List<FeatureSequence> utterances, int k, int vocabularySize, int maxFrames,
            int iterations, long seed, int threads, String features) {
        return fit(UtteranceSource.of(utterances), k, vocabularySize, maxFrames, iterations, seed, threads, features)
                .model();
    }

    /**
     * Fits a unit model in two passes over the source, holding one utterance's features at a
     * time: the first draws a seeded uniform sample of frames (reservoir sampling) for k-means, the
     * second turns every utterance into its unit string for BPE.
     *
     * @param source utterances of unlabeled audio
     * @param k clusters (Wav2Seq uses 25 to 500)
     * @param vocabularySize pseudo subwords, at least {@code k}
     * @param maxFrames k-means runs on a sample of at most this many frames
     * @param iterations Lloyd iterations at most
     * @param seed fixes everything
     * @param threads workers for k-means
     * @param features a description of the frames, stored with the model
     */
    public static Fit fit(UtteranceSource source, int k, int vocabularySize, int maxFrames, int iterations, long seed,
            int threads, String features) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] sample = new float[maxFrames][];
        long seen = 0;
        for (int i = 0; i < source.size(); i++) {
            FeatureSequence u = source.features(i);
            if (u == null) {
                continue;
            }
            for (int f = 0; f < u.frames(); f++, seen++) {
                if (seen < maxFrames) {
                    sample[(int) seen] = u.frame(f);
                } else {
                    long slot = random.nextLong(seen + 1);
                    if (slot < maxFrames) {
                        sample[(int) slot] = u.frame(f);
                    }
                }
            }
        }
        if (seen < k) {
            throw new IllegalArgumentException(seen + " frames cannot make " + k + " clusters");
        }
        float[][] points = java.util.Arrays.copyOf(sample, (int) Math.min(seen, maxFrames));
        KMeans kmeans = KMeans.fit(points, k, iterations, seed, threads);
        List<int[]> strings = new ArrayList<>();
        long frames = 0;
        long units = 0;
        for (int i = 0; i < source.size(); i++) {
            FeatureSequence u = source.features(i);
            if (u != null) {
                int[] s = units(kmeans, u);
                strings.add(s);
                frames += u.frames();
                units += s.length;
            }
        }
        UnitBpe bpe = UnitBpe.learn(strings, k, vocabularySize);
        long pseudo = 0;
        for (int[] s : strings) {
            pseudo += bpe.encode(s).length;
        }
        UnitModel model = new UnitModel(kmeans, bpe, features, seed, points.length);
        return new Fit(model, strings.size(), frames, units, pseudo);
    }

    /** @return the k-means units of each frame with consecutive repeats merged */
    public int[] units(FeatureSequence utterance) {
        return units(kmeans, utterance);
    }

    /** @return the pseudo subwords of an utterance, ids in {@code 0 .. vocabularySize()-1} */
    public int[] encode(FeatureSequence utterance) {
        return bpe.encode(units(utterance));
    }

    /** @return the number of pseudo subwords */
    public int vocabularySize() {
        return bpe.vocabularySize();
    }

    /** @return the number of k-means units */
    public int k() {
        return kmeans.k();
    }

    /** @return the frame description */
    public String features() {
        return features;
    }

    /** @return the BPE merges */
    public UnitBpe bpe() {
        return bpe;
    }

    private static int[] units(KMeans kmeans, FeatureSequence u) {
        if (u.dims() != kmeans.dims()) {
            throw new IllegalArgumentException(u.source() + ": frames of " + u.dims() + " dims, the unit model takes "
                    + kmeans.dims());
        }
        int[] out = new int[u.frames()];
        int n = 0;
        for (int f = 0; f < u.frames(); f++) {
            int unit = kmeans.nearest(u.frame(f));
            if (n == 0 || out[n - 1] != unit) {
                out[n++] = unit;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Writes {@code units.safetensors} and {@code units.json} into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        float[] flat = new float[kmeans.k() * kmeans.dims()];
        for (int c = 0; c < kmeans.k(); c++) {
            System.arraycopy(kmeans.centroid(c), 0, flat, c * kmeans.dims(), kmeans.dims());
        }
        SafetensorsFile.write(dir.resolve(CENTROIDS), Map.of("centroids", new Tensor(flat, kmeans.k(), kmeans.dims())),
                Map.of("format", "promptwave-units"), DType.F32);
        Settings s = new Settings();
        s.k = kmeans.k();
        s.dims = kmeans.dims();
        s.vocabularySize = bpe.vocabularySize();
        s.features = features;
        s.seed = seed;
        s.framesUsed = framesUsed;
        s.merges = bpe.merges();
        Path tmp = dir.resolve(SETTINGS + ".tmp");
        Files.writeString(tmp, GSON.toJson(s) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(SETTINGS), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a unit model saved by {@link #save}.
     *
     * @throws ModelFormatException naming the file when a part is missing, corrupt or inconsistent
     */
    public static UnitModel load(Path dir) throws ModelFormatException, IOException {
        Path settingsFile = dir.resolve(SETTINGS);
        if (!Files.isRegularFile(settingsFile) || !Files.isRegularFile(dir.resolve(CENTROIDS))) {
            throw new ModelFormatException(dir + ": no unit model (needs " + SETTINGS + " and " + CENTROIDS + ")");
        }
        Settings s;
        try {
            s = GSON.fromJson(Files.readString(settingsFile, StandardCharsets.UTF_8), Settings.class);
        } catch (JsonParseException e) {
            throw new ModelFormatException(settingsFile + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (s == null || s.k <= 0 || s.dims <= 0 || s.merges == null) {
            throw new ModelFormatException(settingsFile + ": needs k, dims and merges");
        }
        Tensor centroids = SafetensorsFile.open(dir.resolve(CENTROIDS)).read("centroids");
        if (!java.util.Arrays.equals(centroids.shape(), new long[] {s.k, s.dims})) {
            throw new ModelFormatException(dir.resolve(CENTROIDS) + ": centroids have shape "
                    + java.util.Arrays.toString(centroids.shape()) + ", " + SETTINGS + " says [" + s.k + ", " + s.dims + "]");
        }
        float[] flat = centroids.values();
        float[][] rows = new float[s.k][];
        for (int c = 0; c < s.k; c++) {
            rows[c] = java.util.Arrays.copyOfRange(flat, c * s.dims, (c + 1) * s.dims);
        }
        UnitBpe bpe;
        try {
            bpe = new UnitBpe(s.k, s.merges);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(settingsFile + ": " + e.getMessage(), e);
        }
        if (bpe.vocabularySize() != s.vocabularySize) {
            throw new ModelFormatException(settingsFile + ": " + s.merges.length + " merges over " + s.k
                    + " units make " + bpe.vocabularySize() + " symbols, not the stated " + s.vocabularySize);
        }
        return new UnitModel(new KMeans(rows), bpe, s.features, s.seed, s.framesUsed);
    }

    /** The layout of units.json. */
    private static final class Settings {
        int k;
        int dims;
        @com.google.gson.annotations.SerializedName("vocabulary_size")
        int vocabularySize;
        String features;
        long seed;
        @com.google.gson.annotations.SerializedName("frames_used")
        long framesUsed;
        int[][] merges;
    }
}
