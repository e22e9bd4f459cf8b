package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** GGML BF16: the upper 16 bits of a float. */
public final class BF16Tensor extends FloatTensor {


    public BF16Tensor(MemorySegment segment, long size) {
        super(segment, size, 1, Short.BYTES);
    }

    @Override
    public int blockSize() {
        return 1;
    }

    @Override
    public float getFloat(long index) {
        return Float.intBitsToFloat(segment.get(SHORT_LE, index * Short.BYTES) << 16);
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

    private FloatVector widen(long index) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(SHORTS, segment, index * Short.BYTES, LE).castShape(INTS, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
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
