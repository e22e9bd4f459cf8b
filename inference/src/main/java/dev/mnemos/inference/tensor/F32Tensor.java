package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** GGML F32: plain little-endian floats. */
public final class F32Tensor extends FloatTensor {

    public F32Tensor(MemorySegment segment, long size) {
        super(segment, size, 1, Float.BYTES);
    }

    @Override
    public int blockSize() {
        return 1;
    }

    @Override
    public float getFloat(long index) {
        return segment.get(FLOAT_LE, index * Float.BYTES);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        int i = 0;
        float sum = 0f;
        if (VECTORIZED) {
            FloatVector acc = FloatVector.zero(F);
            int bound = F.loopBound(n);
            for (; i < bound; i += L) {
                FloatVector w = FloatVector.fromMemorySegment(F, segment, (offset + i) * Float.BYTES, LE);
                acc = w.fma(FloatVector.fromArray(F, x, xOffset + i), acc);
            }
            sum = sum(acc);
        }
        for (; i < n; i++) {
            sum += getFloat(offset + i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void dequantize(long index, float[] out, int outOffset, int count) {
        MemorySegment.copy(segment, FLOAT_LE, index * Float.BYTES, out, outOffset, count);
    }
}
