package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * GGML's Q4_K: super-blocks of 256 elements: F16 {@code d} and {@code dmin}, 12 bytes packing eight 6-bit scales and
 * eight 6-bit mins (one pair per 32 elements), then 128 bytes of 4-bit quants. Each 64 elements take 32 quant bytes,
 * the first 32 elements in the low nibbles, the next 32 in the high ones; element = {@code d * scale * q - dmin * min}.
 */
public final class Q4_KFormat {

    public static final int BLOCK_SIZE = 256;
    public static final int BYTES_PER_BLOCK = 144;
    private static final int SCALES = 4;
    private static final int QUANTS = 16;

    private Q4_KFormat() {
    }

    public static void dequantize(MemorySegment data, long elementOffset, float[] out, int count) {
        long block = Dequantizer.firstBlock(GgmlType.Q4_K, elementOffset, count);
        byte[] scales = new byte[12];
        for (int b = 0; b < count / BLOCK_SIZE; b++) {
            long at = (block + b) * BYTES_PER_BLOCK;
            float d = Float.float16ToFloat(data.get(GgufArray.SHORT, at));
            float dmin = Float.float16ToFloat(data.get(GgufArray.SHORT, at + 2));
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at + SCALES, scales, 0, 12);
            int y = b * BLOCK_SIZE;
            for (int group = 0; group < 4; group++) {
                float d1 = d * scale(scales, 2 * group);
                float m1 = dmin * min(scales, 2 * group);
                float d2 = d * scale(scales, 2 * group + 1);
                float m2 = dmin * min(scales, 2 * group + 1);
                long quants = at + QUANTS + group * 32L;
                for (int l = 0; l < 32; l++) {
                    out[y + l] = d1 * (data.get(ValueLayout.JAVA_BYTE, quants + l) & 0x0F) - m1;
                }
                for (int l = 0; l < 32; l++) {
                    out[y + 32 + l] = d2 * ((data.get(ValueLayout.JAVA_BYTE, quants + l) & 0xFF) >>> 4) - m2;
                }
                y += 64;
            }
        }
    }

    /** The 6-bit scale of sub-block {@code j} (ggml's {@code get_scale_min_k4}). */
    static int scale(byte[] scales, int j) {
        return j < 4
                ? scales[j] & 63
                : (scales[j + 4] & 0x0F) | (((scales[j - 4] & 0xFF) >>> 6) << 4);
    }

    /** The 6-bit min of sub-block {@code j} (ggml's {@code get_scale_min_k4}). */
    static int min(byte[] scales, int j) {
        return j < 4
                ? scales[j + 4] & 63
                : ((scales[j + 4] & 0xFF) >>> 4) | (((scales[j] & 0xFF) >>> 6) << 4);
    }
}
