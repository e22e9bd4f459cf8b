package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GGML Q6_K: super-blocks of 256 weights = 128 bytes {@code ql} (low 4 bits), 64 bytes {@code qh} (high 2
 * bits), 16 int8 scales (one per 16 weights), f16 {@code d}. Each half of 128 weights uses 64 bytes of ql
 * and 32 of qh: weight {@code 32g + l} of the half (g = 0..3) takes the low (g = 0, 1) or high (g = 2, 3)
 * nibble of {@code ql[l + 32·(g mod 2)]} and bits {@code 2g, 2g+1} of {@code qh[l]}; weight = d·scale·(q − 32).
 */
public final class Q6_KTensor extends FloatTensor {

    static final int BLOCK = 256;
    static final int BLOCK_BYTES = BLOCK / 2 + BLOCK / 4 + BLOCK / 16 + Short.BYTES;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);

    public Q6_KTensor(MemorySegment segment, long size) {
        super(segment, size, BLOCK, BLOCK_BYTES);
    }

    private int scale(long block, int i) {
        return segment.get(ValueLayout.JAVA_BYTE, block + SCALES + i);
    }

    @Override
    public float getFloat(long index) {
        long block = index / BLOCK * BLOCK_BYTES;
        int w = (int) (index % BLOCK);
        int halfIndex = w / 128, group = (w % 128) / 32, l = w % 32;
        int low = segment.get(ValueLayout.JAVA_BYTE, block + 64 * halfIndex + l + 32 * (group % 2)) & 0xFF;
        int nibble = group < 2 ? low & 0x0F : low >>> 4;
        int high = (segment.get(ValueLayout.JAVA_BYTE, block + QH + 32 * halfIndex + l) >>> (2 * group)) & 3;
        int q = (nibble | high << 4) - 32;
        return half(segment, block + D) * scale(block, 8 * halfIndex + l / 16 + 2 * group) * q;
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        long block = offset / BLOCK * BLOCK_BYTES;
        return SIXTEEN_LANES ? rowDots(block, 0, x, xOffset, n, null, 0, 1) : bytesDot(block, x, xOffset, n);
    }

    @Override
    void vectorMatvec(float[] x, int xOffset, float[] out, int cols, int from, int to) {
        if (SIXTEEN_LANES) {
            long rowBytes = (long) (cols / BLOCK) * BLOCK_BYTES;
            rowDots(from * rowBytes, rowBytes, x, xOffset, cols, out, from, to);
        } else {
            super.vectorMatvec(x, xOffset, out, cols, from, to); // row by row through vectorDot
        }
    }

    /**
     * With 16 int lanes: the dots of rows {@code from .. to} (of {@code n} elements, {@code rowBytes} apart,
     * the first at byte {@code first}) with {@code x}, into {@code out[r]} unless {@code out} is null;
     * returns the last. The 6-bit values are put together in int lanes (x86 shifts no bytes), eight scales
     * come in one load, and the loop over rows is here, as in {@link Q4_KTensor}. One flat loop over
     * eighths of blocks, two groups a step: with a block's loop and loops of two inside it, or four groups a
     * step, C2 reached its node cutoff and boxed the vectors. Byte lanes, one accumulator and a call per row
     * ran at a tenth of llama.cpp's speed.
     */
    private float rowDots(long first, long rowBytes, float[] x, int xOffset, int n, float[] out, int from, int to) {
        float last = 0f;
        for (int r = from; r < to; r++) {
            long block = first + (r - from) * rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (int c = 0; c < n / 32; c++) { // an eighth of a block a step: 16 weights of two groups
                long at = block + (long) (c >> 3) * BLOCK_BYTES;
                int halfIndex = (c >> 2) & 1, l = 16 * ((c >> 1) & 1), p = c & 1; // groups 2p and 2p + 1
                int base = xOffset + 256 * (c >> 3) + 128 * halfIndex + 64 * p + l;
                long ql = at + 64 * halfIndex + l, qh = at + QH + 32 * halfIndex + l;
                float d = half(segment, at + D);
                long scales = segment.get(LONG_LE, at + SCALES + 8 * halfIndex) >>> (l / 2 + 32 * p); // group g's scale in byte 2g
                IntVector high = bytesAsInts(qh).lanewise(VectorOperators.LSHR, 4 * p);
                acc0 = values(bytesAsInts(ql).lanewise(VectorOperators.LSHR, 4 * p).and(15).or(high.and(3).lanewise(VectorOperators.LSHL, 4)))
                        .mul(FloatVector.fromArray(F, x, base)).fma(FloatVector.broadcast(F, d * (byte) scales), acc0);
                acc1 = values(bytesAsInts(ql + 32).lanewise(VectorOperators.LSHR, 4 * p).and(15).or(high.and(12).lanewise(VectorOperators.LSHL, 2)))
                        .mul(FloatVector.fromArray(F, x, base + 32)).fma(FloatVector.broadcast(F, d * (byte) (scales >>> 16)), acc1);
            }
            last = sum(acc0.add(acc1));
            if (out != null) {
                out[r] = last;
            }
        }
        return last;
    }

    /** 6-bit values {@code q} as the floats {@code q − 32}. */
    private static FloatVector values(IntVector q) {
        return (FloatVector) q.sub(32).convertShape(VectorOperators.I2F, F, 0);
    }

    /** One row's dot with other vector widths, in byte lanes. */
    private float bytesDot(long block, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int j = 0; j < n; j += BLOCK, block += BLOCK_BYTES) {
            float d = half(segment, block + D);
            for (int halfIndex = 0; halfIndex < 2; halfIndex++) {
                long ql = block + 64 * halfIndex, qh = block + QH + 32 * halfIndex;
                int base = xOffset + j + 128 * halfIndex;
                for (int l = 0; l < 32; l += L) {
                    ByteVector low0 = ByteVector.fromMemorySegment(BYTES, segment, ql + l, LE);
                    ByteVector low1 = ByteVector.fromMemorySegment(BYTES, segment, ql + 32 + l, LE);
                    ByteVector high = ByteVector.fromMemorySegment(BYTES, segment, qh + l, LE);
                    int s = 8 * halfIndex + l / 16;
                    acc = group(low0.and((byte) 0x0F), high, 0).mul(FloatVector.fromArray(F, x, base + l)).fma(FloatVector.broadcast(F, d * scale(block, s)), acc);
                    acc = group(low1.and((byte) 0x0F), high, 2).mul(FloatVector.fromArray(F, x, base + 32 + l)).fma(FloatVector.broadcast(F, d * scale(block, s + 2)), acc);
                    acc = group(low0.lanewise(VectorOperators.LSHR, 4), high, 4).mul(FloatVector.fromArray(F, x, base + 64 + l)).fma(FloatVector.broadcast(F, d * scale(block, s + 4)), acc);
                    acc = group(low1.lanewise(VectorOperators.LSHR, 4), high, 6).mul(FloatVector.fromArray(F, x, base + 96 + l)).fma(FloatVector.broadcast(F, d * scale(block, s + 6)), acc);
                }
            }
        }
        return sum(acc);
    }

    /** {@code (nibble | bits shift, shift+1 of high << 4) − 32} as floats. */
    private static FloatVector group(ByteVector nibble, ByteVector high, int shift) {
        ByteVector top = high.lanewise(VectorOperators.LSHR, shift).and((byte) 3).lanewise(VectorOperators.LSHL, 4);
        return (FloatVector) nibble.or(top).sub((byte) 32).castShape(F, 0);
    }

    @Override
    public void dequantize(long index, float[] out, int outOffset, int count) {
        if (index % BLOCK != 0 || count % BLOCK != 0) {
            super.dequantize(index, out, outOffset, count);
            return;
        }
        long block = index / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < count; j += BLOCK, block += BLOCK_BYTES) {
            float d = half(segment, block + D);
            for (int halfIndex = 0; halfIndex < 2; halfIndex++) {
                long ql = block + 64 * halfIndex, qh = block + QH + 32 * halfIndex;
                int base = outOffset + j + 128 * halfIndex;
                for (int l = 0; l < 32; l++) {
                    int low0 = segment.get(ValueLayout.JAVA_BYTE, ql + l) & 0xFF;
                    int low1 = segment.get(ValueLayout.JAVA_BYTE, ql + 32 + l) & 0xFF;
                    int high = segment.get(ValueLayout.JAVA_BYTE, qh + l) & 0xFF;
                    int s = 8 * halfIndex + l / 16;
                    out[base + l] = d * scale(block, s) * (((low0 & 0x0F) | (high & 3) << 4) - 32);
                    out[base + 32 + l] = d * scale(block, s + 2) * (((low1 & 0x0F) | ((high >>> 2) & 3) << 4) - 32);
                    out[base + 64 + l] = d * scale(block, s + 4) * (((low0 >>> 4) | ((high >>> 4) & 3) << 4) - 32);
                    out[base + 96 + l] = d * scale(block, s + 6) * (((low1 >>> 4) | ((high >>> 6) & 3) << 4) - 32);
                }
            }
        }
    }
}
