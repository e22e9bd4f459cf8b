package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** GGML F32: plain little-endian floats. */
public final class F32Tensor extends ElementwiseTensor {

    public F32Tensor(MemorySegment segment, long size) {
        super(segment, size, Float.BYTES);
    }

    @Override
    public float getFloat(long index) {
        return segment.get(FLOAT_LE, index * Float.BYTES);
    }

    @Override
    FloatVector vector(long index) {
        return FloatVector.fromMemorySegment(F, segment, index * Float.BYTES, LE);
    }

    @Override
    public void dequantize(long index, float[] out, int outOffset, int count) {
        MemorySegment.copy(segment, FLOAT_LE, index * Float.BYTES, out, outOffset, count);
    }
}
