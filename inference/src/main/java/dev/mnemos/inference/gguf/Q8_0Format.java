package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * GGML's Q8_0: blocks of 32 elements, each an F16 scale {@code d} then 32 signed bytes {@code q};
 * element = {@code q * d}.
 */
public final class Q8_0Format {

    public static final int BLOCK_SIZE = 32;
    public static final int BYTES_PER_BLOCK = 34;

    private Q8_0Format() {
    }

    public static void dequantize(MemorySegment data, long elementOffset, float[] out, int count) {
        long block = Dequantizer.firstBlock(GgmlType.Q8_0, elementOffset, count);
        for (int b = 0; b < count / BLOCK_SIZE; b++) {
            long at = (block + b) * BYTES_PER_BLOCK;
            float d = Float.float16ToFloat(data.get(GgufArray.SHORT, at));
            for (int j = 0; j < BLOCK_SIZE; j++) {
                out[b * BLOCK_SIZE + j] = data.get(ValueLayout.JAVA_BYTE, at + 2 + j) * d;
            }
        }
    }

    /** ggml's {@code quantize_row_q8_0_ref}, bit for bit: scale by the absolute maximum, round half away from 0. */
    public static void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        Dequantizer.firstBlock(GgmlType.Q8_0, 0, count);
        for (int b = 0; b < count / BLOCK_SIZE; b++) {
            int from = offset + b * BLOCK_SIZE;
            long at = byteOffset + (long) b * BYTES_PER_BLOCK;
            float amax = 0;
            for (int j = 0; j < BLOCK_SIZE; j++) {
                amax = Math.max(amax, Math.abs(values[from + j]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1.0f / d : 0.0f;
            out.set(GgufArray.SHORT, at, Float.floatToFloat16(d));
            for (int j = 0; j < BLOCK_SIZE; j++) {
                out.set(ValueLayout.JAVA_BYTE, at + 2 + j, (byte) roundHalfAwayFromZero(values[from + j] * id));
            }
        }
    }

    /** C's {@code roundf}; {@link Math#round(float)} rounds halves up instead. */
    static int roundHalfAwayFromZero(float value) {
        double rounded = Math.floor(Math.abs((double) value) + 0.5);
        return (int) (value < 0 ? -rounded : rounded);
    }
}
