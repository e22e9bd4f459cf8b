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
            int j = 0, paired = n / (2 * BLOCK) * (2 * BLOCK); // j < paired, not j + 64 <= n: C2 counts only the first
            for (; j < paired; j += 2 * BLOCK, block += 2 * BLOCK_BYTES) {
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
     * One row at a time, with every vector width. Four rows per pass, so that each activation vector loaded
     * served four rows, streamed 18 GB per CPU-second from L2 with AVX-512 but lost from memory, where a
     * decode reads its weights: 49.4 to 51.0 against 51.2 to 59.5 tokens per CPU-second for one row on the
     * stories110M Q8_0 model (one thread, six alternating rounds each). With AVX2's 16 vector registers
     * the four rows' accumulators also spilled (3.5 against 9 GB per CPU-second on a 100 MB matrix).
     */
    @Override
    void vectorMatvec(float[] x, int xOffset, float[] out, int cols, int from, int to) {
        long rowBytes = (long) (cols / BLOCK) * BLOCK_BYTES;
        rowDots(from * rowBytes, rowBytes, x, xOffset, cols, out, from, to);
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
