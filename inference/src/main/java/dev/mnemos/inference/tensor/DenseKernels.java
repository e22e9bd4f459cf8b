package dev.mnemos.inference.tensor;

import static dev.mnemos.inference.tensor.FloatTensor.F;
import static dev.mnemos.inference.tensor.FloatTensor.L;
import static dev.mnemos.inference.tensor.FloatTensor.VECTORIZED;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Float kernels on heap arrays: activations, dequantized weight rows, attention. */
public final class DenseKernels {

    private DenseKernels() {}

    /** {@code a[aOffset .. aOffset+n) · b[bOffset .. bOffset+n)}. */
    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        int i = 0;
        float sum = 0f;
        if (VECTORIZED && n >= L) {
            FloatVector acc = FloatVector.zero(F);
            int bound = F.loopBound(n);
            for (; i < bound; i += L) {
                acc = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), acc);
            }
            sum = FloatTensor.sum(acc);
        }
        for (; i < n; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }

    /**
     * Four dot products of {@code a[aOffset .. aOffset+n)} with rows of {@code b} {@code stride} apart, the
     * first at {@code bOffset}, into {@code out[outOffset .. outOffset+4)}: four independent chains of
     * multiply-adds and one load of {@code a} for four rows (attention scores of one query against four keys).
     */
    public static void dot4(float[] a, int aOffset, float[] b, int bOffset, int stride, int n, float[] out, int outOffset) {
        int b0 = bOffset, b1 = b0 + stride, b2 = b1 + stride, b3 = b2 + stride;
        int i = 0;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        if (VECTORIZED && n >= L) {
            FloatVector c0 = FloatVector.zero(F), c1 = FloatVector.zero(F), c2 = FloatVector.zero(F), c3 = FloatVector.zero(F);
            int bound = F.loopBound(n);
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(F, a, aOffset + i);
                c0 = v.fma(FloatVector.fromArray(F, b, b0 + i), c0);
                c1 = v.fma(FloatVector.fromArray(F, b, b1 + i), c1);
                c2 = v.fma(FloatVector.fromArray(F, b, b2 + i), c2);
                c3 = v.fma(FloatVector.fromArray(F, b, b3 + i), c3);
            }
            s0 = FloatTensor.sum(c0);
            s1 = FloatTensor.sum(c1);
            s2 = FloatTensor.sum(c2);
            s3 = FloatTensor.sum(c3);
        }
        for (; i < n; i++) {
            float v = a[aOffset + i];
            s0 += v * b[b0 + i];
            s1 += v * b[b1 + i];
            s2 += v * b[b2 + i];
            s3 += v * b[b3 + i];
        }
        out[outOffset] = s0;
        out[outOffset + 1] = s1;
        out[outOffset + 2] = s2;
        out[outOffset + 3] = s3;
    }

    /**
     * {@code y[yOffset .. yOffset+n) += Σ_{i < count} w[wOffset+i] · m[mOffset + i*stride ..]}: a weighted sum
     * of {@code count} rows of {@code m} (attention's values). Each stretch of {@code y} is summed in registers
     * over all the rows and stored once, rather than loaded and stored once per row as with {@link #axpy}.
     */
    public static void addWeightedRows(float[] w, int wOffset, int count, float[] m, int mOffset, int stride, float[] y, int yOffset, int n) {
        int c = 0;
        if (VECTORIZED) {
            for (; c + 2 * L <= n; c += 2 * L) {
                FloatVector y0 = FloatVector.fromArray(F, y, yOffset + c), y1 = FloatVector.fromArray(F, y, yOffset + c + L);
                for (int i = 0, row = mOffset + c; i < count; i++, row += stride) {
                    FloatVector weight = FloatVector.broadcast(F, w[wOffset + i]);
                    y0 = FloatVector.fromArray(F, m, row).fma(weight, y0);
                    y1 = FloatVector.fromArray(F, m, row + L).fma(weight, y1);
                }
                y0.intoArray(y, yOffset + c);
                y1.intoArray(y, yOffset + c + L);
            }
        }
        for (; c < n; c++) {
            float sum = y[yOffset + c];
            for (int i = 0, row = mOffset + c; i < count; i++, row += stride) {
                sum += w[wOffset + i] * m[row];
            }
            y[yOffset + c] = sum;
        }
    }

    /**
     * {@code a[i] = exp(a[i] - max)} for {@code i < n}, returning their sum: the numerators and denominator
     * of a softmax. The vector exponential (SVML's, where the JDK has it) is several times faster than
     * {@link Math#exp} one score at a time, which took half of attention's time in prefill.
     */
    public static float softmaxNumerators(float[] a, int n, float max) {
        int i = 0;
        float sum = 0f;
        if (VECTORIZED && n >= L) {
            FloatVector m = FloatVector.broadcast(F, max);
            FloatVector acc = FloatVector.zero(F);
            int bound = F.loopBound(n);
            for (; i < bound; i += L) {
                FloatVector e = FloatVector.fromArray(F, a, i).sub(m).lanewise(VectorOperators.EXP);
                e.intoArray(a, i);
                acc = acc.add(e);
            }
            sum = FloatTensor.sum(acc);
        }
        for (; i < n; i++) {
            float e = (float) Math.exp(a[i] - max);
            a[i] = e;
            sum += e;
        }
        return sum;
    }

    /** {@code y[yOffset ..] += alpha * x[xOffset ..]} over {@code n} elements. */
    public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        int i = 0;
        if (VECTORIZED) {
            FloatVector a = FloatVector.broadcast(F, alpha);
            int bound = F.loopBound(n);
            for (; i < bound; i += L) {
                FloatVector.fromArray(F, x, xOffset + i).fma(a, FloatVector.fromArray(F, y, yOffset + i)).intoArray(y, yOffset + i);
            }
        }
        for (; i < n; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }

    /**
     * Dequantized weight rows ({@code w[p*cols .. (p+1)*cols)} is row {@code r+p}, for an even
     * {@code rowCount}) times every token row of {@code x}: for each four tokens, each pair of rows in
     * turn, so that the four tokens' activations are read from L1 by every pair (with one pair per pass
     * they came from L2, which bounded the multiply-adds on AVX2). In a step, each weight vector loaded
     * serves four multiply-adds and each activation vector two.
     */
    static void rowsTimesTokens(float[] w, int rowCount, int cols, float[] x, int tokens, float[] out, int rows, int r) {
        int t = 0;
        if (VECTORIZED && cols % L == 0) {
            for (; t + 4 <= tokens; t += 4) {
                for (int p = 0; p < rowCount; p += 2) {
                    twoRowsTimesFourTokens(w, p * cols, cols, x, t, out, rows, r + p);
                }
            }
        }
        for (; t < tokens; t++) {
            for (int p = 0; p < rowCount; p++) {
                out[t * rows + r + p] = dot(w, p * cols, x, t * cols, cols);
            }
        }
    }

    private static void twoRowsTimesFourTokens(float[] w, int wOffset, int cols, float[] x, int t, float[] out, int rows, int r) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        int w1 = wOffset + cols, x0 = t * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        for (int i = 0; i < cols; i += L) {
            FloatVector u = FloatVector.fromArray(F, w, wOffset + i);
            FloatVector v = FloatVector.fromArray(F, w, w1 + i);
            FloatVector v0 = FloatVector.fromArray(F, x, x0 + i);
            FloatVector v1 = FloatVector.fromArray(F, x, x1 + i);
            FloatVector v2 = FloatVector.fromArray(F, x, x2 + i);
            FloatVector v3 = FloatVector.fromArray(F, x, x3 + i);
            a00 = u.fma(v0, a00);
            a01 = u.fma(v1, a01);
            a02 = u.fma(v2, a02);
            a03 = u.fma(v3, a03);
            a10 = v.fma(v0, a10);
            a11 = v.fma(v1, a11);
            a12 = v.fma(v2, a12);
            a13 = v.fma(v3, a13);
        }
        out[t * rows + r] = FloatTensor.sum(a00);
        out[(t + 1) * rows + r] = FloatTensor.sum(a01);
        out[(t + 2) * rows + r] = FloatTensor.sum(a02);
        out[(t + 3) * rows + r] = FloatTensor.sum(a03);
        out[t * rows + r + 1] = FloatTensor.sum(a10);
        out[(t + 1) * rows + r + 1] = FloatTensor.sum(a11);
        out[(t + 2) * rows + r + 1] = FloatTensor.sum(a12);
        out[(t + 3) * rows + r + 1] = FloatTensor.sum(a13);
    }
}
