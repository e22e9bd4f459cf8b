package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GGML Q4_0: blocks of 32 weights, each an f16 scale {@code d} then 16 bytes; byte {@code i} holds weight
 * {@code i} in its low nibble and weight {@code i+16} in its high nibble; weight = (nibble − 8)·d.
 */
public final class Q4_0Tensor extends FloatTensor {

    static final int BLOCK = 32;
    static final int BLOCK_BYTES = Short.BYTES + BLOCK / 2;

    public Q4_0Tensor(MemorySegment segment, long size) {
        super(segment, size, BLOCK, BLOCK_BYTES);
    }

    @Override
    public int blockSize() {
        return BLOCK;
    }

    @Override
    public float getFloat(long index) {
        long block = index / BLOCK * BLOCK_BYTES;
        int within = (int) (index % BLOCK);
        int packed = segment.get(ValueLayout.JAVA_BYTE, block + Short.BYTES + within % 16) & 0xFF;
        int nibble = within < 16 ? packed & 0x0F : packed >>> 4;
        return (nibble - 8) * half(segment, block);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        checkBlocks(offset, n, BLOCK);
        if (!VECTORIZED) {
            return scalarDot(offset, x, xOffset, n);
        }
        FloatVector acc = FloatVector.zero(F);
        long block = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, block += BLOCK_BYTES) {
            FloatVector products = FloatVector.zero(F);
            for (int k = 0; k < 16; k += L) {
                ByteVector packed = packed(block, k);
                products = low(packed).fma(FloatVector.fromArray(F, x, xOffset + j + k), products);
                products = high(packed).fma(FloatVector.fromArray(F, x, xOffset + j + 16 + k), products);
            }
            acc = products.fma(FloatVector.broadcast(F, half(segment, block)), acc);
        }
        return sum(acc);
    }

    private ByteVector packed(long block, int k) {
        return ByteVector.fromMemorySegment(BYTES, segment, block + Short.BYTES + k, LE);
    }

    private static FloatVector low(ByteVector packed) {
        return (FloatVector) packed.and((byte) 0x0F).sub((byte) 8).castShape(F, 0);
    }

    private static FloatVector high(ByteVector packed) {
        return (FloatVector) packed.lanewise(VectorOperators.LSHR, 4).sub((byte) 8).castShape(F, 0);
    }

    /** Four rows per pass, so that each activation vector loaded serves four rows. */
    @Override
    public void matvec(float[] x, int xOffset, float[] out, int cols, int from, int to) {
        if (!VECTORIZED) {
            super.matvec(x, xOffset, out, cols, from, to);
            return;
        }
        checkBlocks(0, cols, BLOCK);
        long rowBytes = (long) (cols / BLOCK) * BLOCK_BYTES;
        int r = from;
        for (; r + 4 <= to; r += 4) {
            long b0 = r * rowBytes, b1 = b0 + rowBytes, b2 = b1 + rowBytes, b3 = b2 + rowBytes;
            FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
            for (int j = 0; j < cols; j += BLOCK) {
                FloatVector p0 = FloatVector.zero(F), p1 = FloatVector.zero(F), p2 = FloatVector.zero(F), p3 = FloatVector.zero(F);
                for (int k = 0; k < 16; k += L) {
                    FloatVector lo = FloatVector.fromArray(F, x, xOffset + j + k);
                    FloatVector hi = FloatVector.fromArray(F, x, xOffset + j + 16 + k);
                    ByteVector q0 = packed(b0, k), q1 = packed(b1, k), q2 = packed(b2, k), q3 = packed(b3, k);
                    p0 = high(q0).fma(hi, low(q0).fma(lo, p0));
                    p1 = high(q1).fma(hi, low(q1).fma(lo, p1));
                    p2 = high(q2).fma(hi, low(q2).fma(lo, p2));
                    p3 = high(q3).fma(hi, low(q3).fma(lo, p3));
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
            out[r] = dot((long) r * cols, x, xOffset, cols);
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
            for (int k = 0; k < 16; k += L) {
                ByteVector packed = packed(block, k);
                low(packed).mul(d).intoArray(out, outOffset + j + k);
                high(packed).mul(d).intoArray(out, outOffset + j + 16 + k);
            }
        }
    }
}
