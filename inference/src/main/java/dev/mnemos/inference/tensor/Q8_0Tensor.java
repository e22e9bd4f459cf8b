package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;

/** GGML Q8_0: blocks of 32 weights, each an f16 scale {@code d} then 32 int8 {@code q}; weight = q·d. */
public final class Q8_0Tensor extends FloatTensor {

    static final int BLOCK = 32;
    static final int BLOCK_BYTES = Short.BYTES + BLOCK;

    public Q8_0Tensor(MemorySegment segment, long size) {
        super(segment, size, BLOCK, BLOCK_BYTES);
    }

    @Override
    public float getFloat(long index) {
        long block = index / BLOCK * BLOCK_BYTES;
        byte q = segment.get(ValueLayout.JAVA_BYTE, block + Short.BYTES + index % BLOCK);
        return q * half(segment, block);
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        return rowDots(offset / BLOCK * BLOCK_BYTES, 0, x, xOffset, n, null, 0, 1);
    }

    /**
     * The dots of rows {@code from .. to} (of {@code n} elements, {@code rowBytes} apart, the first at byte
     * {@code first}) with {@code x}, into {@code out[r]} unless {@code out} is null; returns the last. Two
     * blocks per step, into two accumulators: with one, each block's multiply-adds wait for the last
     * block's. The loop over rows is here rather than around {@link #vectorDot}, which C2 compiles too big
     * to inline: a call per row cost a tenth of the time.
     */
    private float rowDots(long first, long rowBytes, float[] x, int xOffset, int n, float[] out, int from, int to) {
        float last = 0f;
        for (int r = from; r < to; r++) {
            long block = first + (r - from) * rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            int j = 0;
            for (; j + 2 * BLOCK <= n; j += 2 * BLOCK, block += 2 * BLOCK_BYTES) {
                long next = block + BLOCK_BYTES;
                FloatVector p0 = FloatVector.zero(F), p1 = FloatVector.zero(F);
                for (int k = 0; k < BLOCK; k += L) {
                    p0 = weights(block, k).fma(FloatVector.fromArray(F, x, xOffset + j + k), p0);
                    p1 = weights(next, k).fma(FloatVector.fromArray(F, x, xOffset + j + BLOCK + k), p1);
                }
                acc0 = p0.fma(FloatVector.broadcast(F, half(segment, block)), acc0);
                acc1 = p1.fma(FloatVector.broadcast(F, half(segment, next)), acc1);
            }
            if (j < n) {
                acc0 = blockDot(block, x, xOffset + j, acc0);
            }
            last = sum(acc0.add(acc1));
            if (out != null) {
                out[r] = last;
            }
        }
        return last;
    }

    /** {@code acc + d · (q · x)} over one block, lane-wise. */
    private FloatVector blockDot(long block, float[] x, int xOffset, FloatVector acc) {
        FloatVector products = FloatVector.zero(F);
        for (int k = 0; k < BLOCK; k += L) {
            products = weights(block, k).fma(FloatVector.fromArray(F, x, xOffset + k), products);
        }
        return products.fma(FloatVector.broadcast(F, half(segment, block)), acc);
    }

    /** Quants {@code k .. k+L} of a block, widened to floats (unscaled). */
    private FloatVector weights(long block, int k) {
        return (FloatVector) ByteVector.fromMemorySegment(BYTES, segment, block + Short.BYTES + k, LE).castShape(F, 0);
    }

    /**
     * With AVX-512, four rows per pass, so that each activation vector loaded serves four rows. With AVX2's
     * 16 vector registers, the four rows' accumulators spill and the four interleaved streams of short rows
     * defeat the prefetcher: one row at a time streams 2.5 times faster (3.5 against 9 GB per CPU-second on
     * a matrix of 100 MB, 768 columns).
     */
    @Override
    void vectorMatvec(float[] x, int xOffset, float[] out, int cols, int from, int to) {
        long rowBytes = (long) (cols / BLOCK) * BLOCK_BYTES;
        if (L < 16) {
            rowDots(from * rowBytes, rowBytes, x, xOffset, cols, out, from, to);
            return;
        }
        int r = from;
        for (; r + 4 <= to; r += 4) {
            long b0 = r * rowBytes, b1 = b0 + rowBytes, b2 = b1 + rowBytes, b3 = b2 + rowBytes;
            FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
            for (int j = 0; j < cols; j += BLOCK) {
                FloatVector p0 = FloatVector.zero(F), p1 = FloatVector.zero(F), p2 = FloatVector.zero(F), p3 = FloatVector.zero(F);
                for (int k = 0; k < BLOCK; k += L) {
                    FloatVector v = FloatVector.fromArray(F, x, xOffset + j + k);
                    p0 = weights(b0, k).fma(v, p0);
                    p1 = weights(b1, k).fma(v, p1);
                    p2 = weights(b2, k).fma(v, p2);
                    p3 = weights(b3, k).fma(v, p3);
                }
                a0 = p0.fma(FloatVector.broadcast(F, half(segment, b0)), a0);
                a1 = p1.fma(FloatVector.broadcast(F, half(segment, b1)), a1);
                a2 = p2.fma(FloatVector.broadcast(F, half(segment, b2)), a2);
                a3 = p3.fma(FloatVector.broadcast(F, half(segment, b3)), a3);
                b0 += BLOCK_BYTES;
                b1 += BLOCK_BYTES;
                b2 += BLOCK_BYTES;
                b3 += BLOCK_BYTES;
            }
            out[r] = sum(a0);
            out[r + 1] = sum(a1);
            out[r + 2] = sum(a2);
            out[r + 3] = sum(a3);
        }
        for (; r < to; r++) {
            out[r] = vectorDot((long) r * cols, x, xOffset, cols);
        }
    }

    @Override
    public void dequantize(long index, float[] out, int outOffset, int count) {
        if (!VECTORIZED || index % BLOCK != 0 || count % BLOCK != 0) {
            super.dequantize(index, out, outOffset, count);
            return;
        }
        long block = index / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < count; j += BLOCK, block += BLOCK_BYTES) {
            float d = half(segment, block);
            for (int k = 0; k < BLOCK; k += L) {
                weights(block, k).mul(d).intoArray(out, outOffset + j + k);
            }
        }
    }
}
