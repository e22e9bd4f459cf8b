package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * GGML's Q4_0: blocks of 32 elements, each an F16 scale {@code d} then 16 bytes of 4-bit quants; byte {@code j} holds
 * element {@code j} in its low nibble and element {@code j + 16} in its high nibble; element = {@code (q - 8) * d}.
 */
public final class Q4_0Format {

    public static final int BLOCK_SIZE = 32;
    public static final int BYTES_PER_BLOCK = 18;

    private Q4_0Format() {
    }

    public static void dequantize(MemorySegment data, long elementOffset, float[] out, int count) {
        long block = Dequantizer.firstBlock(GgmlType.Q4_0, elementOffset, count);
        for (int b = 0; b < count / BLOCK_SIZE; b++) {
            long at = (block + b) * BYTES_PER_BLOCK;
            float d = Float.float16ToFloat(data.get(GgufArray.SHORT, at));
            for (int j = 0; j < BLOCK_SIZE / 2; j++) {
                int q = data.get(ValueLayout.JAVA_BYTE, at + 2 + j) & 0xFF;
                out[b * BLOCK_SIZE + j] = ((q & 0x0F) - 8) * d;
                out[b * BLOCK_SIZE + j + BLOCK_SIZE / 2] = ((q >>> 4) - 8) * d;
            }
        }
    }

    /**
     * ggml's {@code quantize_row_q4_0_ref}, bit for bit: the scale is the signed value of largest magnitude over -8,
     * quants are truncated after adding 8.5 and capped at 15.
     */
    public static void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        Dequantizer.firstBlock(GgmlType.Q4_0, 0, count);
        for (int b = 0; b < count / BLOCK_SIZE; b++) {
            int from = offset + b * BLOCK_SIZE;
            long at = byteOffset + (long) b * BYTES_PER_BLOCK;
            float amax = 0;
            float max = 0;
            for (int j = 0; j < BLOCK_SIZE; j++) {
                float v = values[from + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8;
            float id = d != 0 ? 1.0f / d : 0.0f;
            out.set(GgufArray.SHORT, at, Float.floatToFloat16(d));
            for (int j = 0; j < BLOCK_SIZE / 2; j++) {
                int low = Math.min(15, (byte) (int) (values[from + j] * id + 8.5f));
                int high = Math.min(15, (byte) (int) (values[from + j + BLOCK_SIZE / 2] * id + 8.5f));
                out.set(ValueLayout.JAVA_BYTE, at + 2 + j, (byte) (low | (high << 4)));
            }
        }
    }
}
