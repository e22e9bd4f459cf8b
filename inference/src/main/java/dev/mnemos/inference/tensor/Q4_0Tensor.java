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
    /**
     * With 16 int lanes a nibble is its own index into a vector of the 16 values {@code nibble − 8} as
     * floats: one permute (which keeps an index's low 4 bits) does the masking, the subtraction and the
     * conversion that take four operations otherwise.
     */
    private static final IntVector NIBBLE_VALUES = sixteenFloats(-8);

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
        int paired = n / (2 * BLOCK) * 2 * BLOCK;
        long first = offset / BLOCK * BLOCK_BYTES;
        float dot = rowDots(first, 0, x, xOffset, paired, null, 0, 1);
        return paired < n ? dot + oddBlockDot(first + paired / BLOCK * BLOCK_BYTES, x, xOffset + paired) : dot;
    }

    /**
     * The dots of rows {@code from .. to} (of {@code n} elements, {@code rowBytes} apart, the first at byte
     * {@code first}) with {@code x}, into {@code out[r]} unless {@code out} is null; returns the last. Two
     * blocks per step into two accumulators, and the loop over rows here, as in {@link Q8_0Tensor};
     * {@code n} is a whole number of block pairs. An odd last block is the callers' ({@link #oddBlockDot}):
     * with it in here, the method outgrows C2's inlining budget and vectors are boxed.
     */
    private float rowDots(long first, long rowBytes, float[] x, int xOffset, int n, float[] out, int from, int to) {
        if (SIXTEEN_LANES) {
            return rowDotsByTable(first, rowBytes, x, xOffset, n, out, from, to);
        }
        float last = 0f;
        IntVector lowMask = IntVector.broadcast(PACKED, 0x0F0F0F0F); // broadcast here once: C2 counts every node it parses
        ByteVector eight = ByteVector.broadcast(BYTES, 8);
        for (int r = from; r < to; r++) {
            long block = first + (r - from) * rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (int j = 0; j < n; j += 2 * BLOCK, block += 2 * BLOCK_BYTES) {
                long next = block + BLOCK_BYTES;
                FloatVector p0 = FloatVector.zero(F), p1 = FloatVector.zero(F);
                for (int k = 0; k < 16; k += L) {
                    IntVector q0 = packed(block, k), q1 = packed(next, k);
                    p0 = nibbles(q0.and(lowMask), eight).fma(FloatVector.fromArray(F, x, xOffset + j + k), p0);
                    p0 = nibbles(q0.lanewise(VectorOperators.LSHR, 4).and(lowMask), eight).fma(FloatVector.fromArray(F, x, xOffset + j + 16 + k), p0);
                    p1 = nibbles(q1.and(lowMask), eight).fma(FloatVector.fromArray(F, x, xOffset + j + BLOCK + k), p1);
                    p1 = nibbles(q1.lanewise(VectorOperators.LSHR, 4).and(lowMask), eight).fma(FloatVector.fromArray(F, x, xOffset + j + BLOCK + 16 + k), p1);
                }
                acc0 = p0.fma(FloatVector.broadcast(F, half(segment, block)), acc0);
                acc1 = p1.fma(FloatVector.broadcast(F, half(segment, next)), acc1);
            }
            last = sum(acc0.add(acc1));
            if (out != null) {
                out[r] = last;
            }
        }
        return last;
    }

    /** {@link #rowDots} with the nibble table: a block's 16 bytes are 16 int lanes, low nibbles then high. */
    private float rowDotsByTable(long first, long rowBytes, float[] x, int xOffset, int n, float[] out, int from, int to) {
        float last = 0f;
        IntVector values = NIBBLE_VALUES;
        for (int r = from; r < to; r++) {
            long block = first + (r - from) * rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (int j = 0; j < n; j += 2 * BLOCK, block += 2 * BLOCK_BYTES) {
                long next = block + BLOCK_BYTES;
                IntVector q0 = bytesAsInts(block + Short.BYTES), q1 = bytesAsInts(next + Short.BYTES); // sign-extended: the permute reads the low 4 bits
                FloatVector p0 = q0.selectFrom(values).reinterpretAsFloats().mul(FloatVector.fromArray(F, x, xOffset + j));
                p0 = q0.lanewise(VectorOperators.LSHR, 4).selectFrom(values).reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xOffset + j + 16), p0);
                FloatVector p1 = q1.selectFrom(values).reinterpretAsFloats().mul(FloatVector.fromArray(F, x, xOffset + j + BLOCK));
                p1 = q1.lanewise(VectorOperators.LSHR, 4).selectFrom(values).reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xOffset + j + BLOCK + 16), p1);
                acc0 = p0.fma(FloatVector.broadcast(F, half(segment, block)), acc0);
                acc1 = p1.fma(FloatVector.broadcast(F, half(segment, next)), acc1);
            }
            last = sum(acc0.add(acc1));
            if (out != null) {
                out[r] = last;
            }
        }
        return last;
    }

    /** The dot of the block at byte {@code block} with {@code x[xOffset .. xOffset+32)}. */
    private float oddBlockDot(long block, float[] x, int xOffset) {
        FloatVector acc = FloatVector.zero(F);
        for (int k = 0; k < 16; k += L) {
            acc = scaledProducts(block, k, FloatVector.fromArray(F, x, xOffset + k), FloatVector.fromArray(F, x, xOffset + 16 + k), acc);
        }
        return sum(acc);
    }

    /** Bytes {@code k .. k+L} of a block's nibbles, viewed as ints. */
    private IntVector packed(long block, int k) {
        return IntVector.fromMemorySegment(PACKED, segment, block + Short.BYTES + k, LE);
    }

    /** Nibbles masked into the bytes of {@code masked}, less 8, as floats. */
    private static FloatVector nibbles(IntVector masked, ByteVector eight) {
        return (FloatVector) masked.reinterpretAsBytes().sub(eight).castShape(F, 0);
    }

    // Nibbles are split with int lanes over the packed bytes (x86 has no byte shifts), then each byte widens to a float.
    private static FloatVector low(IntVector packed) {
        return (FloatVector) packed.and(0x0F0F0F0F).reinterpretAsBytes().sub((byte) 8).castShape(F, 0);
    }

    private static FloatVector high(IntVector packed) {
        return (FloatVector) packed.lanewise(VectorOperators.LSHR, 4).and(0x0F0F0F0F).reinterpretAsBytes().sub((byte) 8).castShape(F, 0);
    }

    /**
     * One row at a time, with every vector width, as {@link Q8_0Tensor} does. Two rows per pass, so that
     * each activation vector loaded served two rows, ran as fast from L3 but lost from memory, where a
     * decode reads its weights: on a Zen 5 core with AVX-512, 10.0 against 13.4 GB per CPU-second over
     * the 48 MB of a stories110M-shaped model's layers (about 15 for either from L3); with AVX2 one row
     * was about 15% faster.
     */
    @Override
    void vectorMatvec(float[] x, int xOffset, float[] out, int cols, int from, int to) {
        long rowBytes = (long) (cols / BLOCK) * BLOCK_BYTES;
        int paired = cols / (2 * BLOCK) * 2 * BLOCK;
        rowDots(from * rowBytes, rowBytes, x, xOffset, paired, out, from, to);
        for (int r = from; paired < cols && r < to; r++) {
            out[r] += oddBlockDot(r * rowBytes + paired / BLOCK * BLOCK_BYTES, x, xOffset + paired);
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
            if (SIXTEEN_LANES) {
                IntVector q = bytesAsInts(block + Short.BYTES);
                q.selectFrom(NIBBLE_VALUES).reinterpretAsFloats().mul(d).intoArray(out, outOffset + j);
                q.lanewise(VectorOperators.LSHR, 4).selectFrom(NIBBLE_VALUES).reinterpretAsFloats().mul(d).intoArray(out, outOffset + j + 16);
                continue;
            }
            for (int k = 0; k < 16; k += L) {
                IntVector packed = packed(block, k);
                low(packed).mul(d).intoArray(out, outOffset + j + k);
                high(packed).mul(d).intoArray(out, outOffset + j + 16 + k);
            }
        }
    }
}
