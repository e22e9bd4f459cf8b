package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** The unquantized types (F32, F16, BF16): one element per block, read {@link #L} at a time as floats. */
abstract sealed class ElementwiseTensor extends FloatTensor permits F32Tensor, F16Tensor, BF16Tensor {

    ElementwiseTensor(MemorySegment segment, long size, int elementBytes) {
        super(segment, size, 1, elementBytes);
    }

    /** Elements {@code index .. index+L} as floats. */
    abstract FloatVector vector(long index);

    @Override
    final float vectorDot(long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F);
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            acc = vector(offset + i).fma(FloatVector.fromArray(F, x, xOffset + i), acc);
        }
        float sum = sum(acc);
        for (; i < n; i++) {
            sum += getFloat(offset + i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void dequantize(long index, float[] out, int outOffset, int count) {
        int i = 0;
        if (VECTORIZED) {
            for (int bound = F.loopBound(count); i < bound; i += L) {
                vector(index + i).intoArray(out, outOffset + i);
            }
        }
        for (; i < count; i++) {
            out[outOffset + i] = getFloat(index + i);
        }
    }
}
