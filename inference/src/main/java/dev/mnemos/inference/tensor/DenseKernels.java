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

    /** Lanes of a transposed batch of {@code tokens}: whole vectors, the lanes past the last token zero. */
    public static int lanes(int tokens) {
        return VECTORIZED ? (tokens + L - 1) / L * L : tokens;
    }

    /** {@code xt[k*lanes + t] = x[t*cols + k]} for {@code k < cols}, {@code t < tokens}; the other lanes zero. */
    public static void transpose(float[] x, int tokens, int cols, float[] xt, int lanes) {
        transpose(x, 0, cols, tokens, cols, xt, lanes);
    }

    /** {@code xt[k*lanes + t] = x[xOffset + t*stride + k]} for {@code k < cols}, {@code t < tokens}; the other lanes zero. */
    public static void transpose(float[] x, int xOffset, int stride, int tokens, int cols, float[] xt, int lanes) {
        for (int k = 0; k < cols; k++) {
            int row = k * lanes;
            for (int t = 0; t < tokens; t++) {
                xt[row + t] = x[xOffset + t * stride + k];
            }
            for (int t = tokens; t < lanes; t++) {
                xt[row + t] = 0f;
            }
        }
    }

    /**
     * Columns summed per lane before they join the total, so that each product is added to a short sum: one
     * sequence of up to 2048 products per lane rounds more than the 16-lane sums of a dot product.
     */
    private static final int CHUNK = 64;

    /**
     * {@link FloatTensor#ROW_GROUP} dequantized weight rows ({@code w[p*cols ..]}, rows {@code r+p}; the
     * first {@code count} are written out) times a transposed batch ({@link #transpose}): tokens lie in the
     * lanes, so each step broadcasts one weight of each row and multiplies it by a vector of tokens, and
     * every lane sums its own token's products in column order, with no sum across lanes, so a token's
     * result does not depend on the batch it came in. With two vectors of tokens per step, each weight
     * broadcast serves two multiply-adds and each activation vector four, in eight accumulators (eight rows
     * with sixteen, for AVX-512's 32 registers, ran a third slower: 346 to 368 against 528 to 533 Q8_0 pp512
     * tokens per CPU-second), summed per {@value #CHUNK} columns. {@code tmp} is {@code 2*L*ROW_GROUP} floats of {@code w} from {@code tmpOffset}.
     */
    static void rowsTimesTokens(float[] w, int count, int cols, float[] xt, int lanes, int tokens, float[] out, int rows, int r, int tmpOffset) {
        if (!VECTORIZED) {
            for (int p = 0; p < count; p++) {
                for (int t = 0; t < tokens; t++) {
                    float sum = 0f;
                    for (int k = 0; k < cols; k++) {
                        sum += w[p * cols + k] * xt[k * lanes + t];
                    }
                    out[t * rows + r + p] = sum;
                }
            }
            return;
        }
        for (int t = 0; t < tokens; t += 2 * L) {
            int width = Math.min(2 * L, lanes - t);
            if (width == 2 * L) {
                fourRowsTimesTwoVectors(w, cols, xt, lanes, t, w, tmpOffset);
            } else {
                fourRowsTimesOneVector(w, cols, xt, lanes, t, w, tmpOffset);
            }
            int used = Math.min(width, tokens - t);
            for (int p = 0; p < count; p++) {
                for (int j = 0; j < used; j++) {
                    out[(t + j) * rows + r + p] = w[tmpOffset + p * 2 * L + j];
                }
            }
        }
    }

    private static void fourRowsTimesTwoVectors(float[] w, int cols, float[] xt, int lanes, int t, float[] tmp, int tmpOffset) {
        for (int from = 0; from < cols; from += CHUNK) {
            fourRowsTimesTwoVectors(w, cols, from, Math.min(from + CHUNK, cols), xt, lanes, t, tmp, tmpOffset);
        }
    }

    private static void fourRowsTimesTwoVectors(float[] w, int cols, int from, int to, float[] xt, int lanes, int t, float[] tmp, int tmpOffset) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a10 = FloatVector.zero(F), a11 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a30 = FloatVector.zero(F), a31 = FloatVector.zero(F);
        int w1 = cols, w2 = 2 * cols, w3 = 3 * cols;
        for (int k = from, i = t + from * lanes; k < to; k++, i += lanes) {
            FloatVector x0 = FloatVector.fromArray(F, xt, i);
            FloatVector x1 = FloatVector.fromArray(F, xt, i + L);
            FloatVector b = FloatVector.broadcast(F, w[k]);
            a00 = b.fma(x0, a00);
            a01 = b.fma(x1, a01);
            b = FloatVector.broadcast(F, w[w1 + k]);
            a10 = b.fma(x0, a10);
            a11 = b.fma(x1, a11);
            b = FloatVector.broadcast(F, w[w2 + k]);
            a20 = b.fma(x0, a20);
            a21 = b.fma(x1, a21);
            b = FloatVector.broadcast(F, w[w3 + k]);
            a30 = b.fma(x0, a30);
            a31 = b.fma(x1, a31);
        }
        boolean first = from == 0;
        accumulate(a00, tmp, tmpOffset, first);
        accumulate(a01, tmp, tmpOffset + L, first);
        accumulate(a10, tmp, tmpOffset + 2 * L, first);
        accumulate(a11, tmp, tmpOffset + 3 * L, first);
        accumulate(a20, tmp, tmpOffset + 4 * L, first);
        accumulate(a21, tmp, tmpOffset + 5 * L, first);
        accumulate(a30, tmp, tmpOffset + 6 * L, first);
        accumulate(a31, tmp, tmpOffset + 7 * L, first);
    }

    /** {@code tmp[offset .. offset+L)} = {@code sum} for the first chunk of columns, += for the others. */
    private static void accumulate(FloatVector sum, float[] tmp, int offset, boolean first) {
        (first ? sum : sum.add(FloatVector.fromArray(F, tmp, offset))).intoArray(tmp, offset);
    }

    private static void fourRowsTimesOneVector(float[] w, int cols, float[] xt, int lanes, int t, float[] tmp, int tmpOffset) {
        for (int from = 0; from < cols; from += CHUNK) {
            fourRowsTimesOneVector(w, cols, from, Math.min(from + CHUNK, cols), xt, lanes, t, tmp, tmpOffset);
        }
    }

    private static void fourRowsTimesOneVector(float[] w, int cols, int from, int to, float[] xt, int lanes, int t, float[] tmp, int tmpOffset) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int w1 = cols, w2 = 2 * cols, w3 = 3 * cols;
        for (int k = from, i = t + from * lanes; k < to; k++, i += lanes) {
            FloatVector x0 = FloatVector.fromArray(F, xt, i);
            a0 = FloatVector.broadcast(F, w[k]).fma(x0, a0);
            a1 = FloatVector.broadcast(F, w[w1 + k]).fma(x0, a1);
            a2 = FloatVector.broadcast(F, w[w2 + k]).fma(x0, a2);
            a3 = FloatVector.broadcast(F, w[w3 + k]).fma(x0, a3);
        }
        boolean first = from == 0;
        accumulate(a0, tmp, tmpOffset, first);
        accumulate(a1, tmp, tmpOffset + 2 * L, first);
        accumulate(a2, tmp, tmpOffset + 4 * L, first);
        accumulate(a3, tmp, tmpOffset + 6 * L, first);
    }

    /** Whether the kernels that put tokens in the lanes of vectors run (the Vector API is on). */
    public static boolean tokensInLanes() {
        return VECTORIZED;
    }

    /*
     * Attention for a batch of queries of one head at once, the queries in the lanes ({@link #transpose}):
     * scores, softmax and weighted values each walk the keys in order and every lane adds its own terms in
     * that order, so a query's result does not depend on the batch it came in or on how the keys are split
     * into runs (pages). Keys and values are runs of rows {@code stride} apart.
     */

    /**
     * {@code att[attOffset + s*lanes + t] = scale * (keys[keyOffset + s*stride ..] · q_t)} for keys
     * {@code s < count}, the queries transposed in {@code qt} ({@code headSize} rows of {@code lanes}).
     * Eight keys at a time, so that eight multiply-adds are in flight.
     */
    public static void keyScores(float[] qt, int lanes, int headSize, float[] keys, int keyOffset, int stride, int count, float scale, float[] att, int attOffset) {
        for (int v = 0; v < lanes; v += L) {
            int s = 0;
            for (; s + 8 <= count; s += 8) {
                eightKeyScores(qt, lanes, v, headSize, keys, keyOffset + s * stride, stride, scale, att, attOffset + s * lanes + v);
            }
            for (; s < count; s++) {
                FloatVector acc = FloatVector.zero(F);
                int k = keyOffset + s * stride;
                for (int d = 0; d < headSize; d++) {
                    acc = FloatVector.broadcast(F, keys[k + d]).fma(FloatVector.fromArray(F, qt, d * lanes + v), acc);
                }
                acc.mul(scale).intoArray(att, attOffset + s * lanes + v);
            }
        }
    }

    private static void eightKeyScores(float[] qt, int lanes, int v, int headSize, float[] keys, int k0, int stride, float scale, float[] att, int at) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        FloatVector a4 = FloatVector.zero(F), a5 = FloatVector.zero(F), a6 = FloatVector.zero(F), a7 = FloatVector.zero(F);
        int k1 = k0 + stride, k2 = k1 + stride, k3 = k2 + stride, k4 = k3 + stride, k5 = k4 + stride, k6 = k5 + stride, k7 = k6 + stride;
        for (int d = 0; d < headSize; d++) {
            FloatVector q = FloatVector.fromArray(F, qt, d * lanes + v);
            a0 = FloatVector.broadcast(F, keys[k0 + d]).fma(q, a0);
            a1 = FloatVector.broadcast(F, keys[k1 + d]).fma(q, a1);
            a2 = FloatVector.broadcast(F, keys[k2 + d]).fma(q, a2);
            a3 = FloatVector.broadcast(F, keys[k3 + d]).fma(q, a3);
            a4 = FloatVector.broadcast(F, keys[k4 + d]).fma(q, a4);
            a5 = FloatVector.broadcast(F, keys[k5 + d]).fma(q, a5);
            a6 = FloatVector.broadcast(F, keys[k6 + d]).fma(q, a6);
            a7 = FloatVector.broadcast(F, keys[k7 + d]).fma(q, a7);
        }
        a0.mul(scale).intoArray(att, at);
        a1.mul(scale).intoArray(att, at + lanes);
        a2.mul(scale).intoArray(att, at + 2 * lanes);
        a3.mul(scale).intoArray(att, at + 3 * lanes);
        a4.mul(scale).intoArray(att, at + 4 * lanes);
        a5.mul(scale).intoArray(att, at + 5 * lanes);
        a6.mul(scale).intoArray(att, at + 6 * lanes);
        a7.mul(scale).intoArray(att, at + 7 * lanes);
    }

    /** A key at {@code keyPosition} is hidden from the queries before it: queries are at {@code firstPosition + t}. */
    public static void maskFuture(float[] att, int row, int lanes, int firstPosition, int keyPosition) {
        int hidden = Math.min(lanes, keyPosition - firstPosition);
        for (int t = 0; t < hidden; t++) {
            att[row + t] = Float.NEGATIVE_INFINITY;
        }
    }

    /**
     * Each lane's softmax over the {@code n} rows of {@code att}: {@code exp(a - max)}, then times 1/sum (rows
     * from {@code attOffset}). With {@code Math.exp}, not the Vector API's EXP, whose compiled and interpreted
     * forms differ in the last bit.
     */
    public static void softmaxLanes(float[] att, int attOffset, int n, int lanes) {
        for (int v = attOffset; v < attOffset + lanes; v += L) {
            FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int s = 0; s < n; s++) {
                max = max.max(FloatVector.fromArray(F, att, s * lanes + v));
            }
            FloatVector sum = FloatVector.zero(F);
            for (int s = 0; s < n; s++) {
                int row = s * lanes + v;
                FloatVector.fromArray(F, att, row).sub(max).intoArray(att, row);
                for (int i = row; i < row + L; i++) {
                    att[i] = (float) Math.exp(att[i]);
                }
                sum = sum.add(FloatVector.fromArray(F, att, row));
            }
            FloatVector inverse = FloatVector.broadcast(F, 1f).div(sum);
            for (int s = 0; s < n; s++) {
                FloatVector.fromArray(F, att, s * lanes + v).mul(inverse).intoArray(att, s * lanes + v);
            }
        }
    }

    /**
     * {@code outT[outTOffset + d*lanes + t] += Σ_s att[attOffset + s*lanes + t] · values[valueOffset + s*stride + d]}
     * over {@code count} rows: each weighted value added in key order, eight of the head's dimensions at a time.
     */
    public static void weightedValues(float[] att, int attOffset, int lanes, float[] values, int valueOffset, int stride, int count, int headSize, float[] outT, int outTOffset) {
        for (int v = 0; v < lanes; v += L) {
            int d = 0;
            for (; d + 8 <= headSize; d += 8) {
                eightWeightedValues(att, attOffset + v, lanes, values, valueOffset + d, stride, count, outT, outTOffset + d * lanes + v);
            }
            for (; d < headSize; d++) {
                int o = outTOffset + d * lanes + v;
                FloatVector acc = FloatVector.fromArray(F, outT, o);
                for (int s = 0; s < count; s++) {
                    acc = FloatVector.broadcast(F, values[valueOffset + s * stride + d]).fma(FloatVector.fromArray(F, att, attOffset + s * lanes + v), acc);
                }
                acc.intoArray(outT, o);
            }
        }
    }

    private static void eightWeightedValues(float[] att, int a, int lanes, float[] values, int value, int stride, int count, float[] outT, int o) {
        FloatVector a0 = FloatVector.fromArray(F, outT, o), a1 = FloatVector.fromArray(F, outT, o + lanes);
        FloatVector a2 = FloatVector.fromArray(F, outT, o + 2 * lanes), a3 = FloatVector.fromArray(F, outT, o + 3 * lanes);
        FloatVector a4 = FloatVector.fromArray(F, outT, o + 4 * lanes), a5 = FloatVector.fromArray(F, outT, o + 5 * lanes);
        FloatVector a6 = FloatVector.fromArray(F, outT, o + 6 * lanes), a7 = FloatVector.fromArray(F, outT, o + 7 * lanes);
        for (int s = 0; s < count; s++, a += lanes, value += stride) {
            FloatVector w = FloatVector.fromArray(F, att, a);
            a0 = FloatVector.broadcast(F, values[value]).fma(w, a0);
            a1 = FloatVector.broadcast(F, values[value + 1]).fma(w, a1);
            a2 = FloatVector.broadcast(F, values[value + 2]).fma(w, a2);
            a3 = FloatVector.broadcast(F, values[value + 3]).fma(w, a3);
            a4 = FloatVector.broadcast(F, values[value + 4]).fma(w, a4);
            a5 = FloatVector.broadcast(F, values[value + 5]).fma(w, a5);
            a6 = FloatVector.broadcast(F, values[value + 6]).fma(w, a6);
            a7 = FloatVector.broadcast(F, values[value + 7]).fma(w, a7);
        }
        a0.intoArray(outT, o);
        a1.intoArray(outT, o + lanes);
        a2.intoArray(outT, o + 2 * lanes);
        a3.intoArray(outT, o + 3 * lanes);
        a4.intoArray(outT, o + 4 * lanes);
        a5.intoArray(outT, o + 5 * lanes);
        a6.intoArray(outT, o + 6 * lanes);
        a7.intoArray(outT, o + 7 * lanes);
    }

    /** {@code out[outOffset + t*stride + d] = outT[outTOffset + d*lanes + t]} for {@code d < cols}, {@code t < tokens}. */
    public static void untranspose(float[] outT, int outTOffset, int lanes, int tokens, int cols, float[] out, int outOffset, int stride) {
        for (int t = 0; t < tokens; t++) {
            for (int d = 0; d < cols; d++) {
                out[outOffset + t * stride + d] = outT[outTOffset + d * lanes + t];
            }
        }
    }
}
