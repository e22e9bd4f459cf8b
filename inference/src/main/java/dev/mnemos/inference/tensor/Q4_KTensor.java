package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GGML Q4_K: super-blocks of 256 weights = f16 {@code d}, f16 {@code dmin}, 12 bytes of 6-bit scales and
 * mins for 8 sub-blocks of 32, then 128 bytes of nibbles. In each 64-weight chunk, byte {@code l} holds
 * weight {@code l} (low nibble, sub-block 2c) and weight {@code 32+l} (high nibble, sub-block 2c+1);
 * weight = d·scale·nibble − dmin·min.
 */
public final class Q4_KTensor extends FloatTensor {

    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 2 * Short.BYTES + 12 + BLOCK / 2;
    private static final int SCALES = 4;
    private static final int QS = 16;

    public Q4_KTensor(MemorySegment segment, long size) {
        super(segment, size, BLOCK, BLOCK_BYTES);
    }

    private int scaleByte(long block, int i) {
        return segment.get(ValueLayout.JAVA_BYTE, block + SCALES + i) & 0xFF;
    }

    /** The 6-bit scale of sub-block {@code j} (0..7), as ggml's {@code get_scale_min_k4}. */
    private int scale(long block, int j) {
        return j < 4
                ? scaleByte(block, j) & 63
                : (scaleByte(block, j + 4) & 0x0F) | ((scaleByte(block, j - 4) >>> 6) << 4);
    }

    /** The 6-bit min of sub-block {@code j} (0..7). */
    private int min(long block, int j) {
        return j < 4
                ? scaleByte(block, j + 4) & 63
                : (scaleByte(block, j + 4) >>> 4) | ((scaleByte(block, j) >>> 6) << 4);
    }

    @Override
    public float getFloat(long index) {
        long block = index / BLOCK * BLOCK_BYTES;
        int w = (int) (index % BLOCK);
        int chunk = w / 64, inChunk = w % 64;
        int sub = 2 * chunk + inChunk / 32;
        int packed = segment.get(ValueLayout.JAVA_BYTE, block + QS + 32 * chunk + inChunk % 32) & 0xFF;
        int nibble = inChunk < 32 ? packed & 0x0F : packed >>> 4;
        return half(segment, block) * scale(block, sub) * nibble - half(segment, block + 2) * min(block, sub);
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        long block = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, block += BLOCK_BYTES) {
            float d = half(segment, block), dmin = half(segment, block + 2);
            for (int chunk = 0; chunk < 4; chunk++) {
                FloatVector lowProducts = FloatVector.zero(F), highProducts = FloatVector.zero(F);
                FloatVector lowSum = FloatVector.zero(F), highSum = FloatVector.zero(F);
                int base = xOffset + j + 64 * chunk;
                for (int k = 0; k < 32; k += L) {
                    ByteVector packed = ByteVector.fromMemorySegment(BYTES, segment, block + QS + 32 * chunk + k, LE);
                    FloatVector low = (FloatVector) packed.and((byte) 0x0F).castShape(F, 0);
                    FloatVector high = (FloatVector) packed.lanewise(VectorOperators.LSHR, 4).castShape(F, 0);
                    FloatVector xLow = FloatVector.fromArray(F, x, base + k);
                    FloatVector xHigh = FloatVector.fromArray(F, x, base + 32 + k);
                    lowProducts = low.fma(xLow, lowProducts);
                    highProducts = high.fma(xHigh, highProducts);
                    lowSum = lowSum.add(xLow);
                    highSum = highSum.add(xHigh);
                }
                acc = lowProducts.fma(FloatVector.broadcast(F, d * scale(block, 2 * chunk)), acc);
                acc = lowSum.fma(FloatVector.broadcast(F, -dmin * min(block, 2 * chunk)), acc);
                acc = highProducts.fma(FloatVector.broadcast(F, d * scale(block, 2 * chunk + 1)), acc);
                acc = highSum.fma(FloatVector.broadcast(F, -dmin * min(block, 2 * chunk + 1)), acc);
            }
        }
        return sum(acc);
    }

    @Override
    public void dequantize(long index, float[] out, int outOffset, int count) {
        if (index % BLOCK != 0 || count % BLOCK != 0) {
            super.dequantize(index, out, outOffset, count);
            return;
        }
        long block = index / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < count; j += BLOCK, block += BLOCK_BYTES) {
            float d = half(segment, block), dmin = half(segment, block + 2);
            for (int chunk = 0; chunk < 4; chunk++) {
                float d1 = d * scale(block, 2 * chunk), m1 = dmin * min(block, 2 * chunk);
                float d2 = d * scale(block, 2 * chunk + 1), m2 = dmin * min(block, 2 * chunk + 1);
                int base = outOffset + j + 64 * chunk;
                for (int l = 0; l < 32; l++) {
                    int packed = segment.get(ValueLayout.JAVA_BYTE, block + QS + 32 * chunk + l) & 0xFF;
                    out[base + l] = d1 * (packed & 0x0F) - m1;
                    out[base + 32 + l] = d2 * (packed >>> 4) - m2;
                }
            }
        }
    }
}
