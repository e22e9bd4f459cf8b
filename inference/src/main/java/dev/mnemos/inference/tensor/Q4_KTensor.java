package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    /** As in {@link Q4_0Tensor}: with 16 int lanes, a nibble indexes a vector of the floats 0 .. 15. */
    private static final IntVector NIBBLE_VALUES = sixteenFloats(0);

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

    /**
     * The eight 6-bit scales, one per byte (sub-block j in byte j), from the scale bytes 0..7 ({@code lo},
     * little-endian) and 8..11 ({@code hi}): {@link #scale(long, int)} for all eight at once, without branches.
     */
    private static long scales(long lo, long hi) {
        return (lo & 0x3F3F3F3FL) | (((hi & 0x0F0F0F0FL) | ((lo >>> 2) & 0x30303030L)) << 32);
    }

    /** The eight 6-bit mins, as {@link #scales(long, long)}. */
    private static long mins(long lo, long hi) {
        return ((lo >>> 32) & 0x3F3F3F3FL) | ((((hi >>> 4) & 0x0F0F0F0FL) | ((lo >>> 34) & 0x30303030L)) << 32);
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
     * returns the last. A chunk's 32 bytes are two vectors of 16 ints, whose nibbles become floats by the
     * table lookup of {@link Q4_0Tensor}; the loop over rows is here (a call per row costs time), and each
     * sub-block's products and activation sums go into accumulators of their own (with one, every
     * multiply-add of a chunk waited for the one before). Kept this small on purpose: with the other
     * vector width's path in here too, C2 stopped inlining at its node cutoff and boxed every vector.
     */
    private float rowDots(long first, long rowBytes, float[] x, int xOffset, int n, float[] out, int from, int to) {
        float last = 0f;
        IntVector values = NIBBLE_VALUES;
        for (int r = from; r < to; r++) {
            long block = first + (r - from) * rowBytes;
            FloatVector low = FloatVector.zero(F), high = FloatVector.zero(F), lowMin = FloatVector.zero(F), highMin = FloatVector.zero(F);
            for (int j = 0; j < n; j += BLOCK, block += BLOCK_BYTES) {
                float d = half(segment, block), dmin = half(segment, block + 2);
                long lo = segment.get(LONG_LE, block + SCALES); // the 12 scale bytes in two loads, not 24
                long hi = segment.get(INT_LE, block + SCALES + 8) & 0xFFFFFFFFL;
                long scales = scales(lo, hi), mins = mins(lo, hi);
                for (int chunk = 0; chunk < 4; chunk++) {
                    int base = xOffset + j + 64 * chunk;
                    IntVector q0 = bytesAsInts(block + QS + 32 * chunk), q1 = bytesAsInts(block + QS + 32 * chunk + 16);
                    FloatVector x0 = FloatVector.fromArray(F, x, base), x1 = FloatVector.fromArray(F, x, base + 16);
                    FloatVector x2 = FloatVector.fromArray(F, x, base + 32), x3 = FloatVector.fromArray(F, x, base + 48);
                    FloatVector lowProducts = q1.selectFrom(values).reinterpretAsFloats().fma(x1, q0.selectFrom(values).reinterpretAsFloats().mul(x0));
                    FloatVector highProducts = q1.lanewise(VectorOperators.LSHR, 4).selectFrom(values).reinterpretAsFloats()
                            .fma(x3, q0.lanewise(VectorOperators.LSHR, 4).selectFrom(values).reinterpretAsFloats().mul(x2));
                    int shift = 16 * chunk; // sub-blocks 2·chunk and 2·chunk + 1: bytes 2·chunk, 2·chunk + 1
                    low = lowProducts.fma(FloatVector.broadcast(F, d * ((int) (scales >>> shift) & 0xFF)), low);
                    lowMin = x0.add(x1).fma(FloatVector.broadcast(F, -dmin * ((int) (mins >>> shift) & 0xFF)), lowMin);
                    high = highProducts.fma(FloatVector.broadcast(F, d * ((int) (scales >>> (shift + 8)) & 0xFF)), high);
                    highMin = x2.add(x3).fma(FloatVector.broadcast(F, -dmin * ((int) (mins >>> (shift + 8)) & 0xFF)), highMin);
                }
            }
            last = sum(low.add(high).add(lowMin.add(highMin)));
            if (out != null) {
                out[r] = last;
            }
        }
        return last;
    }

    /** One row's dot with other vector widths: nibbles split in byte lanes, each widened to a float. */
    private float bytesDot(long block, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
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
                if (SIXTEEN_LANES) { // the same products and differences as below, 16 at a time
                    for (int l = 0; l < 32; l += 16) {
                        IntVector packed = bytesAsInts(block + QS + 32 * chunk + l);
                        packed.selectFrom(NIBBLE_VALUES).reinterpretAsFloats().mul(d1).sub(m1).intoArray(out, base + l);
                        packed.lanewise(VectorOperators.LSHR, 4).selectFrom(NIBBLE_VALUES).reinterpretAsFloats().mul(d2).sub(m2).intoArray(out, base + 32 + l);
                    }
                    continue;
                }
                for (int l = 0; l < 32; l++) {
                    int packed = segment.get(ValueLayout.JAVA_BYTE, block + QS + 32 * chunk + l) & 0xFF;
                    out[base + l] = d1 * (packed & 0x0F) - m1;
                    out[base + 32 + l] = d2 * (packed >>> 4) - m2;
                }
            }
        }
    }
}
