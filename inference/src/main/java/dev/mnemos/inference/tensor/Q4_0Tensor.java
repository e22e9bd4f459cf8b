package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GGML Q4_0: blocks of 32 weights, each an f16 scale {@code d} then 16 bytes; byte {@code i} holds weight
 * {@code i} in its low nibble and weight {@code i+16} in its high nibble; weight = (nibble − 8)·d.
 */
public final class Q4_0Tensor extends FloatTensor {

    static final int BLOCK = 32;
    static final int BLOCK_BYTES = Short.BYTES + BLOCK / 2;
    /** L packed bytes as ints. */
    private static final jdk.incubator.vector.VectorSpecies<Integer> PACKED = BYTES.vectorShape().withLanes(int.class);

    public Q4_0Tensor(MemorySegment segment, long size) {
        super(segment, size, BLOCK, BLOCK_BYTES);
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
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        long block = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, block += BLOCK_BYTES) {
            FloatVector products = FloatVector.zero(F);
            for (int k = 0; k < 16; k += L) {
                IntVector packed = packed(block, k);
                products = low(packed).fma(FloatVector.fromArray(F, x, xOffset + j + k), products);
                products = high(packed).fma(FloatVector.fromArray(F, x, xOffset + j + 16 + k), products);
            }
            acc = products.fma(FloatVector.broadcast(F, half(segment, block)), acc);
        }
        return sum(acc);
    }

    /** Bytes {@code k .. k+L} of a block's nibbles, viewed as ints. */
    private IntVector packed(long block, int k) {
        return IntVector.fromMemorySegment(PACKED, segment, block + Short.BYTES + k, LE);
    }

    // Nibbles are split with int lanes over the packed bytes (x86 has no byte shifts), then each byte widens to a float.
    private static FloatVector low(IntVector packed) {
        return (FloatVector) packed.and(0x0F0F0F0F).reinterpretAsBytes().sub((byte) 8).castShape(F, 0);
    }

    private static FloatVector high(IntVector packed) {
        return (FloatVector) packed.lanewise(VectorOperators.LSHR, 4).and(0x0F0F0F0F).reinterpretAsBytes().sub((byte) 8).castShape(F, 0);
    }

    /**
     * Two rows per pass, so that each activation vector loaded serves two rows. (Four rows make the method
     * too large for C2, which then stops inlining the vector operations and boxes every vector.)
     */
    @Override
    void vectorMatvec(float[] x, int xOffset, float[] out, int cols, int from, int to) {
        long rowBytes = (long) (cols / BLOCK) * BLOCK_BYTES;
        int r = from;
        for (; r + 2 <= to; r += 2) {
            long b0 = r * rowBytes, b1 = b0 + rowBytes;
            FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F);
            for (int j = 0; j < cols; j += BLOCK, b0 += BLOCK_BYTES, b1 += BLOCK_BYTES) {
                for (int k = 0; k < 16; k += L) {
                    FloatVector lo = FloatVector.fromArray(F, x, xOffset + j + k);
                    FloatVector hi = FloatVector.fromArray(F, x, xOffset + j + 16 + k);
                    a0 = scaledProducts(b0, k, lo, hi, a0);
                    a1 = scaledProducts(b1, k, lo, hi, a1);
                }
            }
            out[r] = sum(a0);
            out[r + 1] = sum(a1);
        }
        for (; r < to; r++) {
            out[r] = vectorDot((long) r * cols, x, xOffset, cols);
        }
    }

    /** {@code acc + d · (low · lo + high · hi)} for bytes {@code k .. k+L} of a block. */
    private FloatVector scaledProducts(long block, int k, FloatVector lo, FloatVector hi, FloatVector acc) {
        IntVector packed = packed(block, k);
        FloatVector products = high(packed).fma(hi, low(packed).mul(lo));
        return products.fma(FloatVector.broadcast(F, half(segment, block)), acc);
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
                IntVector packed = packed(block, k);
                low(packed).mul(d).intoArray(out, outOffset + j + k);
                high(packed).mul(d).intoArray(out, outOffset + j + 16 + k);
            }
        }
    }
}
