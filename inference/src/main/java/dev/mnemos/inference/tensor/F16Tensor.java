package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** GGML F16: IEEE half floats. */
public final class F16Tensor extends FloatTensor {

    /** 2^112: moves a half's exponent bias (15) to a float's (127); subnormal halves come out right too. */
    private static final float EXPONENT_REBIAS = 0x1p112f;

    public F16Tensor(MemorySegment segment, long size) {
        super(segment, size, 1, Short.BYTES);
    }

    @Override
    public int blockSize() {
        return 1;
    }

    @Override
    public float getFloat(long index) {
        return half(segment, index * Short.BYTES);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        int i = 0;
        float sum = 0f;
        if (VECTORIZED) {
            FloatVector acc = FloatVector.zero(F);
            int bound = F.loopBound(n);
            for (; i < bound; i += L) {
                acc = widen(offset + i).fma(FloatVector.fromArray(F, x, xOffset + i), acc);
            }
            sum = sum(acc);
        }
        for (; i < n; i++) {
            sum += getFloat(offset + i) * x[xOffset + i];
        }
        return sum;
    }

    /**
     * {@code L} halves from element {@code index} as floats. The Vector API has no half-to-float lane
     * conversion, so the bits are moved by hand: magnitude shifted into a float's place and rescaled, sign
     * copied. Infinities and NaNs (absent from weights) come out as large finite values.
     */
    private FloatVector widen(long index) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(SHORTS, segment, index * Short.BYTES, LE).castShape(INTS, 0);
        IntVector magnitude = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
        IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        FloatVector value = magnitude.reinterpretAsFloats().mul(EXPONENT_REBIAS);
        return value.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    @Override
    public void dequantize(long index, float[] out, int outOffset, int count) {
        int i = 0;
        if (VECTORIZED) {
            for (; i + L <= count; i += L) {
                widen(index + i).intoArray(out, outOffset + i);
            }
        }
        for (; i < count; i++) {
            out[outOffset + i] = getFloat(index + i);
        }
    }
}
