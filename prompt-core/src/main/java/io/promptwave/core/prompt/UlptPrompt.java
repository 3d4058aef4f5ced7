package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;
import java.util.Map;
import java.util.Random;

/**
 * Ultra-low-dimensional prompt tuning (ULPT): each input prompt is {@code (Z P) * s + b} with a
 * trained latent {@code Z [N, r]}, a frozen random projection {@code P [r, D]} recreated from a
 * stored seed, and a trained per-dimension scale {@code s} and shift {@code b}: {@code N r + 2D}
 * numbers per prompt instead of {@code N D}. Encoder and decoder prompts each have their own
 * latent, scale and shift and share the projection.
 */
public final class UlptPrompt implements SoftPrompt {
    private final PromptParameters parameters;
    private final NDArray projection;
    private final Side encoder;
    private final Side decoder;
    private final long seed;

    /** One input prompt's trained numbers. */
    private record Side(NDArray latent, NDArray scale, NDArray shift) {
        NDArray vectors(NDManager work, NDArray projection) {
            return PromptParameters.local(latent, work).matMul(projection).mul(scale).add(shift);
        }
    }

    /**
     * The trained numbers of one side, as stored.
     *
     * @param latent {@code [N, r]}
     * @param scale {@code [D]}
     * @param shift {@code [D]}
     */
    public record Factors(Tensor latent, Tensor scale, Tensor shift) {
    }

    /**
     * @param manager a manager the prompt takes ownership of
     * @param rank {@code r}
     * @param width {@code D}
     * @param seed recreates the projection
     * @param encoder the encoder side, or null
     * @param decoder the decoder side, or null
     * @param trainable whether the factors get gradients
     */
    public UlptPrompt(NDManager manager, int rank, int width, long seed, Factors encoder, Factors decoder,
            boolean trainable) {
        if (encoder == null && decoder == null) {
            manager.close();
            throw new IllegalArgumentException("a ULPT prompt needs an encoder or a decoder side");
        }
        this.parameters = new PromptParameters(manager, trainable);
        this.seed = seed;
        this.projection = parameters.constant(projection(rank, width, seed));
        this.encoder = encoder == null ? null : side("encoder", encoder, rank, width);
        this.decoder = decoder == null ? null : side("decoder", decoder, rank, width);
    }

    private Side side(String name, Factors f, int rank, int width) {
        if (f.latent().shape().length != 2 || f.latent().shape()[1] != rank || f.scale().size() != width
                || f.shift().size() != width) {
            parameters.close();
            throw new IllegalArgumentException("ULPT " + name + " factors do not fit rank " + rank + " and width "
                    + width + ": latent " + java.util.Arrays.toString(f.latent().shape()) + ", scale " + f.scale().size()
                    + ", shift " + f.shift().size());
        }
        return new Side(parameters.add(name + ".latent", f.latent()), parameters.add(name + ".scale", f.scale()),
                parameters.add(name + ".shift", f.shift()));
    }

    /**
     * The frozen projection: Gaussian entries of variance {@code 1 / r}, from {@link Random} (whose
     * sequence Java specifies, so a seed gives the same matrix everywhere).
     */
    static Tensor projection(int rank, int width, long seed) {
        Random random = new Random(seed);
        float[] v = new float[rank * width];
        double std = 1 / Math.sqrt(rank);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * std);
        }
        return new Tensor(v, rank, width);
    }

    /**
     * Factors whose prompt is as close as the rank allows to given vectors: the shift is their
     * mean, the scale 1 and the latent the least-squares fit {@code (X - b) P^T (P P^T)^-1}. So a
     * ULPT prompt starts from the same text or audio initialisation as a plain one.
     *
     * @param target {@code [N, D]} the vectors to approximate
     * @param rank {@code r}
     * @param seed the projection's seed
     * @return the factors
     */
    public static Factors fit(Tensor target, int rank, long seed) {
        int n = (int) target.shape()[0];
        int d = (int) target.shape()[1];
        float[] x = target.values();
        float[] mean = new float[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j] / n;
            }
        }
        float[] p = projection(rank, d, seed).values();
        double[][] gram = new double[rank][rank];
        for (int a = 0; a < rank; a++) {
            for (int c = 0; c < rank; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (double) p[a * d + j] * p[c * d + j];
                }
                gram[a][c] = s;
            }
        }
        double[][] inverse = invert(gram);
        float[] latent = new float[n * rank];
        for (int i = 0; i < n; i++) {
            double[] xp = new double[rank];
            for (int a = 0; a < rank; a++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (x[i * d + j] - mean[j]) * (double) p[a * d + j];
                }
                xp[a] = s;
            }
            for (int c = 0; c < rank; c++) {
                double s = 0;
                for (int a = 0; a < rank; a++) {
                    s += xp[a] * inverse[a][c];
                }
                latent[i * rank + c] = (float) s;
            }
        }
        float[] ones = new float[d];
        java.util.Arrays.fill(ones, 1f);
        return new Factors(new Tensor(latent, n, rank), new Tensor(ones, d), new Tensor(mean, d));
    }

    /** Gauss-Jordan with partial pivoting; the Gram matrix of a random r x D projection is well conditioned. */
    private static double[][] invert(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            double diag = a[col][col];
            for (int c = 0; c < 2 * n; c++) {
                a[col][c] /= diag;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && a[r][col] != 0) {
                    double f = a[r][col];
                    for (int c = 0; c < 2 * n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, out[i], 0, n);
        }
        return out;
    }

    @Override
    public PromptMethod method() {
        return PromptMethod.ULPT;
    }

    /** @return the projection's seed */
    public long seed() {
        return seed;
    }

    /** @return the rank {@code r} */
    public int rank() {
        return (int) projection.getShape().get(0);
    }

    /** @return encoder prompt positions */
    public int encoderLength() {
        return encoder == null ? 0 : (int) encoder.latent().getShape().get(0);
    }

    /** @return decoder prompt positions */
    public int decoderLength() {
        return decoder == null ? 0 : (int) decoder.latent().getShape().get(0);
    }

    @Override
    public PromptParts parts(Backbone.Embedded rows, boolean training) {
        NDManager work = rows.vectors().getManager();
        int b = rows.frameLengths().length;
        return new PromptParts(
                encoder == null ? null : PromptParameters.forRows(encoder.vectors(work, projection), b),
                decoder == null ? null : PromptParameters.forRows(decoder.vectors(work, projection), b),
                null, null, null, null, null);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters.trained();
    }

    /** Stores the factors, not the prompts they make: that is what makes ULPT small on disk too. */
    @Override
    public Map<String, Tensor> storedTensors() {
        return parameters.stored("ulpt.");
    }

    @Override
    public void close() {
        parameters.close();
    }
}
