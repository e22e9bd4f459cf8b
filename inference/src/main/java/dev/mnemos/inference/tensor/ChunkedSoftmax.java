package dev.mnemos.inference.tensor;

/**
 * Softmax-weighted sums of values taken in chunks of {@value #CHUNK} keys, as flash-decoding computes them:
 * a chunk keeps its largest score {@code m}, the sum {@code l} of its {@code exp(score − m)} and its values
 * weighted by those; {@link #merge} then combines the chunks with the factors {@code exp(m − M)}, {@code M}
 * the largest score of all. Decode runs the chunks of one query on different threads; the unpaged and the
 * paged attention, at any thread count, use these operations in this order, so they agree bit for bit.
 */
public final class ChunkedSoftmax {

    /** Keys per chunk: a quarter of a KV page. */
    public static final int CHUNK = 64;

    private ChunkedSoftmax() {}

    /** Chunks that {@code keys} keys make. */
    public static int chunks(int keys) {
        return (keys + CHUNK - 1) / CHUNK;
    }

    /** The largest of {@code x[from .. from+n)}. */
    public static float max(float[] x, int from, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + n; i++) {
            max = Math.max(max, x[i]);
        }
        return max;
    }

    /** {@code x[i] = exp(x[i] − max)} over {@code x[from .. from+n)}; returns their sum, added in order. */
    public static float exponentiate(float[] x, int from, int n, float max) {
        float sum = 0f;
        for (int i = from; i < from + n; i++) {
            float e = (float) Math.exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        return sum;
    }

    /** The factor that takes a chunk's figures from its own largest score to the overall one. */
    public static float rescale(float chunkMax, float max) {
        return (float) Math.exp(chunkMax - max);
    }

    /**
     * {@code out[outOffset .. +n)} = the softmax-weighted sum of the values, from {@code chunks} chunks whose
     * largest scores and weight sums are {@code maxes[at + c*stride]} and {@code weights[at + c*stride]} and
     * whose weighted values start at {@code sums[sumsAt + c*sumsStride]}; returns the factor {@code 1 / Σ l·exp(m − M)}
     * that normalized them.
     */
    public static float merge(float[] maxes, float[] weights, int at, int stride, int chunks,
                              float[] sums, int sumsAt, int sumsStride, float[] out, int outOffset, int n) {
        float max = Float.NEGATIVE_INFINITY, weight = 0f;
        for (int c = 0; c < chunks; c++) {
            max = Math.max(max, maxes[at + c * stride]);
        }
        java.util.Arrays.fill(out, outOffset, outOffset + n, 0f);
        for (int c = 0; c < chunks; c++) {
            float rescale = rescale(maxes[at + c * stride], max);
            weight += weights[at + c * stride] * rescale;
            DenseKernels.axpy(rescale, sums, sumsAt + c * sumsStride, out, outOffset, n);
        }
        float inverse = 1f / weight;
        for (int i = outOffset; i < outOffset + n; i++) {
            out[i] *= inverse;
        }
        return inverse;
    }
}
