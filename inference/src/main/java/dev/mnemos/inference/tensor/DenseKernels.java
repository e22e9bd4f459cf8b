package dev.mnemos.inference.tensor;

import static dev.mnemos.inference.tensor.FloatTensor.F;
import static dev.mnemos.inference.tensor.FloatTensor.L;
import static dev.mnemos.inference.tensor.FloatTensor.VECTORIZED;

import jdk.incubator.vector.FloatVector;

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
