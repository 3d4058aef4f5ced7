package io.promptwave.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * k-means clustering of feature frames: k-means++ seeding, then Lloyd iterations until no point
 * changes cluster or the iteration limit, with the assignment step split over threads. An empty
 * cluster is re-seeded with the point farthest from its centroid. Deterministic for a seed
 * (whatever the thread count). The fitted model is immutable and thread-safe.
 */
public final class KMeans {
    private final float[][] centroids;

    /** @param centroids k rows of the same dimension (copied) */
    public KMeans(float[][] centroids) {
        if (centroids.length == 0) {
            throw new IllegalArgumentException("k-means needs at least one centroid");
        }
        this.centroids = new float[centroids.length][];
        for (int c = 0; c < centroids.length; c++) {
            if (centroids[c].length != centroids[0].length) {
                throw new IllegalArgumentException("centroid " + c + " has " + centroids[c].length + " dims, not "
                        + centroids[0].length);
            }
            this.centroids[c] = centroids[c].clone();
        }
    }

    /**
     * Clusters {@code points}.
     *
     * @param points the frames, all of one dimension (not modified)
     * @param k the number of clusters, at most the number of points
     * @param iterations the most Lloyd iterations
     * @param seed fixes the seeding
     * @param threads workers for the assignment step
     */
    public static KMeans fit(float[][] points, int k, int iterations, long seed, int threads) {
        if (k < 1 || k > points.length) {
            throw new IllegalArgumentException("cannot make " + k + " clusters of " + points.length + " points");
        }
        float[][] centroids = seedPlusPlus(points, k, new SplittableRandom(seed));
        int[] assignment = new int[points.length];
        java.util.Arrays.fill(assignment, -1);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            for (int it = 0; it < iterations; it++) {
                boolean changed = assign(points, centroids, assignment, pool, Math.max(1, threads));
                update(points, centroids, assignment);
                if (!changed) {
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new KMeans(centroids);
    }

    /** @return the number of clusters */
    public int k() {
        return centroids.length;
    }

    /** @return the dimension of the points */
    public int dims() {
        return centroids[0].length;
    }

    /** @return a copy of centroid {@code c} */
    public float[] centroid(int c) {
        return centroids[c].clone();
    }

    /** @return the nearest centroid of {@code point} (squared Euclidean distance; ties to the lower index) */
    public int nearest(float[] point) {
        return nearest(point, centroids);
    }

    /** @return the sum of squared distances of the points to their nearest centroids */
    public double inertia(float[][] points) {
        double total = 0;
        for (float[] p : points) {
            total += distance(p, centroids[nearest(p)]);
        }
        return total;
    }

    private static float[][] seedPlusPlus(float[][] points, int k, SplittableRandom random) {
        float[][] centroids = new float[k][];
        centroids[0] = points[random.nextInt(points.length)].clone();
        double[] closest = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            closest[i] = distance(points[i], centroids[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : closest) {
                total += d;
            }
            int chosen = points.length - 1;
            double target = random.nextDouble() * total;
            for (int i = 0; i < points.length; i++) {
                target -= closest[i];
                if (target <= 0) {
                    chosen = i;
                    break;
                }
            }
            centroids[c] = points[chosen].clone();
            for (int i = 0; i < points.length; i++) {
                closest[i] = Math.min(closest[i], distance(points[i], centroids[c]));
            }
        }
        return centroids;
    }

    private static boolean assign(float[][] points, float[][] centroids, int[] assignment, ExecutorService pool,
            int threads) {
        int chunk = (points.length + threads - 1) / threads;
        List<Future<Boolean>> parts = new ArrayList<>();
        for (int start = 0; start < points.length; start += chunk) {
            int from = start;
            int to = Math.min(points.length, start + chunk);
            parts.add(pool.submit(() -> {
                boolean changed = false;
                for (int i = from; i < to; i++) {
                    int c = nearest(points[i], centroids);
                    changed |= c != assignment[i];
                    assignment[i] = c;
                }
                return changed;
            }));
        }
        boolean changed = false;
        for (Future<Boolean> part : parts) {
            try {
                changed |= part.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("k-means was interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("k-means failed: " + e.getCause(), e.getCause());
            }
        }
        return changed;
    }

    private static void update(float[][] points, float[][] centroids, int[] assignment) {
        int dims = centroids[0].length;
        double[][] sums = new double[centroids.length][dims];
        int[] counts = new int[centroids.length];
        for (int i = 0; i < points.length; i++) {
            int c = assignment[i];
            counts[c]++;
            for (int d = 0; d < dims; d++) {
                sums[c][d] += points[i][d];
            }
        }
        for (int c = 0; c < centroids.length; c++) {
            if (counts[c] == 0) {
                // re-seed an empty cluster with the point worst served by its centroid
                int worst = 0;
                double worstDistance = -1;
                for (int i = 0; i < points.length; i++) {
                    double d = distance(points[i], centroids[assignment[i]]);
                    if (d > worstDistance) {
                        worstDistance = d;
                        worst = i;
                    }
                }
                centroids[c] = points[worst].clone();
                continue;
            }
            for (int d = 0; d < dims; d++) {
                centroids[c][d] = (float) (sums[c][d] / counts[c]);
            }
        }
    }

    private static int nearest(float[] point, float[][] centroids) {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int c = 0; c < centroids.length; c++) {
            double d = distance(point, centroids[c]);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }
}
