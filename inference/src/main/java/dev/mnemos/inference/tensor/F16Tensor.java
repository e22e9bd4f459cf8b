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
    /** Bit 31 and bits 27..13 of a half shifted into a float's place. */
    private static final int SIGN_AND_MAGNITUDE = 0x8FFFE000;

    public F16Tensor(MemorySegment segment, long size) {
        super(segment, size, Short.BYTES);
    }

    @Override
    public float getFloat(long index) {
        return half(segment, index * Short.BYTES);
    }

    /**
     * {@code L} halves from element {@code index} as floats. The Vector API has no half-to-float lane
     * conversion, so the bits are moved by hand: the half, sign-extended to an int and shifted left by 13,
     * has its sign at bit 31 and its exponent and mantissa at a float's places (bits 28 to 30, copies of the sign,
     * are masked off); multiplying by 2^112 then moves the exponent bias from 15 to 127, subnormal halves
     * included. Infinities and NaNs (absent from weights) come out as large finite values.
     */
    @Override
    FloatVector vector(long index) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(SHORTS, segment, index * Short.BYTES, LE).castShape(INTS, 0);
        return h.lanewise(VectorOperators.LSHL, 13).and(SIGN_AND_MAGNITUDE).reinterpretAsFloats().mul(EXPONENT_REBIAS);
    }
}
