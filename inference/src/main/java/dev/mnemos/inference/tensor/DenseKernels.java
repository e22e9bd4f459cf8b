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
     * Two dequantized weight rows ({@code w[0 .. cols)} and {@code w[cols .. 2*cols)}, rows {@code r} and
     * {@code r+1}) times every token row of {@code x}, four tokens at a time: each weight vector loaded
     * once serves eight multiply-adds.
     */
    static void twoRowsTimesTokens(float[] w, int cols, float[] x, int tokens, float[] out, int rows, int r) {
        int t = 0;
        if (VECTORIZED && cols % L == 0) {
            for (; t + 4 <= tokens; t += 4) {
                FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
                FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
                int x0 = t * cols, x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
                for (int i = 0; i < cols; i += L) {
                    FloatVector w0 = FloatVector.fromArray(F, w, i);
                    FloatVector w1 = FloatVector.fromArray(F, w, cols + i);
                    FloatVector v0 = FloatVector.fromArray(F, x, x0 + i);
                    FloatVector v1 = FloatVector.fromArray(F, x, x1 + i);
                    FloatVector v2 = FloatVector.fromArray(F, x, x2 + i);
                    FloatVector v3 = FloatVector.fromArray(F, x, x3 + i);
                    a00 = w0.fma(v0, a00);
                    a01 = w0.fma(v1, a01);
                    a02 = w0.fma(v2, a02);
                    a03 = w0.fma(v3, a03);
                    a10 = w1.fma(v0, a10);
                    a11 = w1.fma(v1, a11);
                    a12 = w1.fma(v2, a12);
                    a13 = w1.fma(v3, a13);
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
        for (; t < tokens; t++) {
            out[t * rows + r] = dot(w, 0, x, t * cols, cols);
            out[t * rows + r + 1] = dot(w, cols, x, t * cols, cols);
        }
    }
}
