package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** GGML F16: IEEE half floats. */
public final class F16Tensor extends ElementwiseTensor {

    /** 2^112: moves a half's exponent bias (15) to a float's (127); subnormal halves come out right too. */
    private static final float EXPONENT_REBIAS = 0x1p112f;

    public F16Tensor(MemorySegment segment, long size) {
        super(segment, size, Short.BYTES);
    }

    @Override
    public float getFloat(long index) {
        return half(segment, index * Short.BYTES);
    }

    /**
     * {@code L} halves from element {@code index} as floats. The Vector API has no half-to-float lane
     * conversion, so the bits are moved by hand: magnitude shifted into a float's place and rescaled, sign
     * copied. Infinities and NaNs (absent from weights) come out as large finite values.
     */
    @Override
    FloatVector vector(long index) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(SHORTS, segment, index * Short.BYTES, LE).castShape(INTS, 0);
        IntVector magnitude = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
        IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        FloatVector value = magnitude.reinterpretAsFloats().mul(EXPONENT_REBIAS);
        return value.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }
}
