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

    /**
     * {@code x[i] = exp(x[i] − max)} over {@code x[from .. from+n)}, {@code max} at least each of them; returns
     * their sum, added in order. One value at a time: in vector lanes (the same polynomial, the same bits) it
     * was 4% faster at 800 positions, but C2 compiled it boxing a vector per iteration in one JVM of a few,
     * however it was written, and decode then allocated (DecodeAllocationTest after the module's other tests).
     */
    public static float exponentiate(float[] x, int from, int n, float max) {
        float sum = 0f;
        for (int i = from; i < from + n; i++) {
            x[i] = exp(x[i] - max);
            sum += x[i];
        }
        return sum;
    }

    private static final float LOG2E = 1.44269504088896341f, LN2_HIGH = 0.693359375f, LN2_LOW = -2.12194440e-4f;
    private static final float ROUNDING = 12582912f; // 1.5·2^23: adding it rounds to an integer, kept in its low bits
    private static final float LOWEST = -87.33654f; // below, 2^k would not be a normal float

    /**
     * {@code e^x} for {@code x ≤ 0} within 2 ulp (Cephes' expf: {@code x = k·ln2 + r}, a degree-7 polynomial in
     * {@code r}, times {@code 2^k}), from additions and multiply-adds only: the same bits interpreted or
     * compiled. Below −87.3 it gives about 1.2e-38, not 0.
     */
    static float exp(float x) {
        x = Math.max(x, LOWEST);
        float shifted = Math.fma(x, LOG2E, ROUNDING), k = shifted - ROUNDING;
        float r = Math.fma(k, -LN2_HIGH, x);
        r = Math.fma(k, -LN2_LOW, r);
        float p = Math.fma(r, 1.9875691500e-4f, 1.3981999507e-3f);
        p = Math.fma(p, r, 8.3334519073e-3f);
        p = Math.fma(p, r, 4.1665795894e-2f);
        p = Math.fma(p, r, 1.6666665459e-1f);
        p = Math.fma(p, r, 5.0000001201e-1f);
        p = Math.fma(p, r * r, r) + 1f;
        int twoToK = (Float.floatToRawIntBits(shifted) - Float.floatToRawIntBits(ROUNDING) + 127) << 23;
        return p * Float.intBitsToFloat(twoToK);
    }

    /** The factor that takes a chunk's figures from its own largest score to the overall one. */
    public static float rescale(float chunkMax, float max) {
        return exp(chunkMax - max);
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
