package dev.mnemos.memory.bench;

import java.util.SplittableRandom;

/**
 * The benchmark's unit vectors, each regenerated from its number alone (negative numbers are
 * queries), so that exact search can recompute them instead of keeping a million in memory.
 *
 * <ul>
 *   <li>{@code random}: uniform on the sphere (independent standard normal coordinates, normalised).
 *       No structure at all: a point's nearest neighbour is hardly nearer than any other point, the
 *       worst case for any approximate index and unlike the embeddings of text.
 *   <li>{@code embedding}: shaped like sentence embeddings, a seeded Gaussian mixture of low
 *       intrinsic dimension. There are {@code topics} random unit centres; a vector picks one and
 *       adds, along 32 random directions of its own topic, normal offsets of standard deviation
 *       0.35 * 0.97^j (j = 0..31), then isotropic noise of norm about 0.45 over every dimension,
 *       and is normalised (every centre and direction has norm about 1). Texts on one subject lie near a low-dimensional patch; different
 *       subjects are nearly orthogonal. The constants make it harder than real MiniLM embeddings of
 *       the repository's prose at the same number of vectors per topic (a higher local intrinsic
 *       dimension, no nearer first neighbour), as {@code EmbeddingShapeCheck} measures.
 * </ul>
 */
public final class SyntheticEmbeddings {

    static final int LOCAL_DIRECTIONS = 32;
    private static final double SPREAD = 0.35;
    private static final double DECAY = 0.97;
    private static final double NOISE = 0.45;

    private final boolean random;
    private final int dimension;
    private final float[][] centres;
    private final float[][][] directions;

    private SyntheticEmbeddings(boolean random, int dimension, int topics) {
        this.random = random;
        this.dimension = dimension;
        this.centres = new float[random ? 0 : topics][];
        this.directions = new float[centres.length][][];
        SplittableRandom seeds = new SplittableRandom(7);
        for (int t = 0; t < centres.length; t++) {
            centres[t] = gaussian(seeds, 1 / Math.sqrt(dimension));
            directions[t] = new float[LOCAL_DIRECTIONS][];
            for (int j = 0; j < LOCAL_DIRECTIONS; j++) {
                directions[t][j] = gaussian(seeds, 1 / Math.sqrt(dimension));
            }
        }
    }

    /** {@code shape} is {@code random} or {@code embedding}. */
    public static SyntheticEmbeddings of(String shape, int dimension, int topics) {
        return switch (shape) {
            case "random" -> new SyntheticEmbeddings(true, dimension, 0);
            case "embedding" -> new SyntheticEmbeddings(false, dimension, topics);
            default -> throw new IllegalArgumentException("--data must be embedding or random, got " + shape);
        };
    }

    /** The unit vector numbered {@code i}, the same on every run. */
    public float[] vector(long i) {
        SplittableRandom draw = new SplittableRandom(i);
        float[] v;
        if (random) {
            v = gaussian(draw, 1);
        } else {
            int topic = draw.nextInt(centres.length);
            v = gaussian(draw, NOISE / Math.sqrt(dimension));
            add(v, centres[topic], 1);
            for (int j = 0; j < LOCAL_DIRECTIONS; j++) {
                add(v, directions[topic][j], SPREAD * Math.pow(DECAY, j) * normal(draw));
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < dimension; d++) {
            v[d] *= scale;
        }
        return v;
    }

    private static void add(float[] v, float[] direction, double weight) {
        for (int d = 0; d < v.length; d++) {
            v[d] += (float) (weight * direction[d]);
        }
    }

    private float[] gaussian(SplittableRandom draw, double deviation) {
        float[] v = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            v[d] = (float) (deviation * normal(draw));
        }
        return v;
    }

    /** A standard normal sample (Box-Muller). */
    private static double normal(SplittableRandom draw) {
        return Math.sqrt(-2 * Math.log(1 - draw.nextDouble())) * Math.cos(2 * Math.PI * draw.nextDouble());
    }
}
