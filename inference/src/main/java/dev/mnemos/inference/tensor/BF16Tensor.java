package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** GGML BF16: the upper 16 bits of a float. */
public final class BF16Tensor extends ElementwiseTensor {

    public BF16Tensor(MemorySegment segment, long size) {
        super(segment, size, Short.BYTES);
    }

    @Override
    public float getFloat(long index) {
        return Float.intBitsToFloat(segment.get(SHORT_LE, index * Short.BYTES) << 16);
    }

    @Override
    FloatVector vector(long index) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(SHORTS, segment, index * Short.BYTES, LE).castShape(INTS, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }
}
