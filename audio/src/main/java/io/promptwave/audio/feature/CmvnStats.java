package io.promptwave.audio.feature;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.promptwave.features.FeatureSequence;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Cepstral mean and variance normalisation statistics: per-dimension frame count, sum and sum of
 * squares, as Kaldi's {@code compute-cmvn-stats} keeps them. Accumulate over a whole data set for
 * global CMVN and save as JSON, or take {@link #of} one utterance for per-utterance CMVN. Not
 * thread-safe while accumulating.
 */
public final class CmvnStats {
    /** Standard deviations are floored here, so a constant dimension does not blow up. */
    private static final double MIN_STD = 1e-5;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final double[] sum;
    private final double[] sumSquares;
    private long count;

    /** @param dims the feature size the statistics describe */
    public CmvnStats(int dims) {
        if (dims <= 0) {
            throw new IllegalArgumentException("dims must be positive, got " + dims);
        }
        this.sum = new double[dims];
        this.sumSquares = new double[dims];
    }

    /** @return the statistics of one sequence, for per-utterance CMVN */
    public static CmvnStats of(FeatureSequence features) {
        CmvnStats stats = new CmvnStats(features.dims());
        stats.accumulate(features);
        return stats;
    }

    /** Adds every frame of {@code features}. */
    public void accumulate(FeatureSequence features) {
        checkDims(features);
        float[] data = features.toRowMajor();
        int dims = sum.length;
        for (int f = 0; f < features.frames(); f++) {
            for (int d = 0; d < dims; d++) {
                double v = data[f * dims + d];
                sum[d] += v;
                sumSquares[d] += v * v;
            }
        }
        count += features.frames();
    }

    /** @return the feature size */
    public int dims() {
        return sum.length;
    }

    /** @return the number of frames accumulated */
    public long count() {
        return count;
    }

    /** @return the per-dimension mean */
    public double[] mean() {
        requireFrames();
        double[] mean = new double[sum.length];
        for (int d = 0; d < mean.length; d++) {
            mean[d] = sum[d] / count;
        }
        return mean;
    }

    /** @return the per-dimension standard deviation, floored at 1e-5 */
    public double[] std() {
        double[] mean = mean();
        double[] std = new double[sum.length];
        for (int d = 0; d < std.length; d++) {
            double variance = sumSquares[d] / count - mean[d] * mean[d];
            std[d] = Math.max(MIN_STD, Math.sqrt(Math.max(0, variance)));
        }
        return std;
    }

    /**
     * @param features frames of the same size
     * @param normalizeVariance also divide by the standard deviation
     * @return {@code (x - mean)} or {@code (x - mean) / std} per dimension
     */
    public FeatureSequence normalize(FeatureSequence features, boolean normalizeVariance) {
        checkDims(features);
        double[] mean = mean();
        double[] std = normalizeVariance ? std() : null;
        float[] data = features.toRowMajor();
        int dims = sum.length;
        for (int i = 0; i < data.length; i++) {
            int d = i % dims;
            double v = data[i] - mean[d];
            data[i] = (float) (std == null ? v : v / std[d]);
        }
        return FeatureSequence.wrap(data, features.frames(), dims, features.frameRate(), features.source());
    }

    /** Writes the statistics as JSON, atomically (a crash never leaves half a file). */
    public void save(Path file) throws IOException {
        requireFrames();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            GSON.toJson(new Json(count, sum, sumSquares, mean(), std()), out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads statistics saved by {@link #save}.
     *
     * @throws IOException when the file is missing or is not valid CMVN JSON (the message says which)
     */
    public static CmvnStats load(Path file) throws IOException {
        Json json;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            json = GSON.fromJson(in, Json.class);
        } catch (JsonParseException e) {
            throw new IOException(file + ": not CMVN statistics JSON (" + e.getMessage() + ")", e);
        }
        if (json == null || json.sum == null || json.sum_squares == null || json.count <= 0) {
            throw new IOException(file + ": not CMVN statistics JSON (needs count > 0, sum and sum_squares)");
        }
        if (json.sum.length == 0 || json.sum.length != json.sum_squares.length) {
            throw new IOException(file + ": sum has " + json.sum.length + " dimensions but sum_squares has "
                    + json.sum_squares.length);
        }
        CmvnStats stats = new CmvnStats(json.sum.length);
        System.arraycopy(json.sum, 0, stats.sum, 0, json.sum.length);
        System.arraycopy(json.sum_squares, 0, stats.sumSquares, 0, json.sum.length);
        stats.count = json.count;
        for (int d = 0; d < json.sum.length; d++) {
            if (!Double.isFinite(stats.sum[d]) || !Double.isFinite(stats.sumSquares[d])) {
                throw new IOException(file + ": dimension " + d + " holds a non-finite statistic");
            }
        }
        return stats;
    }

    private void checkDims(FeatureSequence features) {
        if (features.dims() != sum.length) {
            throw new IllegalArgumentException(features.source() + ": features have " + features.dims()
                    + " dimensions but the CMVN statistics have " + sum.length);
        }
    }

    private void requireFrames() {
        if (count == 0) {
            throw new IllegalStateException("no frames accumulated");
        }
    }

    /** The file layout; mean and std are written for people reading the file, and ignored on load. */
    @SuppressWarnings("unused")
    private static final class Json {
        long count;
        double[] sum;
        double[] sum_squares;
        double[] mean;
        double[] std;

        Json(long count, double[] sum, double[] sumSquares, double[] mean, double[] std) {
            this.count = count;
            this.sum = sum;
            this.sum_squares = sumSquares;
            this.mean = mean;
            this.std = std;
        }
    }
}
