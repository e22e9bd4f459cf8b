package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * GGML's Q6_K: super-blocks of 256 elements: 128 bytes {@code ql} (low 4 bits), 64 bytes {@code qh} (high 2 bits),
 * 16 signed 8-bit scales (one per 16 elements), then an F16 {@code d}; element = {@code d * scale * (q - 32)}.
 */
public final class Q6_KFormat {

    public static final int BLOCK_SIZE = 256;
    public static final int BYTES_PER_BLOCK = 210;
    private static final int HIGH_BITS = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    private Q6_KFormat() {
    }

    public static void dequantize(MemorySegment data, long elementOffset, float[] out, int count) {
        long block = Dequantizer.firstBlock(GgmlType.Q6_K, elementOffset, count);
        for (int b = 0; b < count / BLOCK_SIZE; b++) {
            long at = (block + b) * BYTES_PER_BLOCK;
            float d = Float.float16ToFloat(data.get(GgufArray.SHORT, at + D));
            for (int half = 0; half < 2; half++) {
                long ql = at + half * 64L;
                long qh = at + HIGH_BITS + half * 32L;
                long sc = at + SCALES + half * 8L;
                int y = b * BLOCK_SIZE + half * 128;
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int low0 = data.get(ValueLayout.JAVA_BYTE, ql + l) & 0xFF;
                    int low32 = data.get(ValueLayout.JAVA_BYTE, ql + l + 32) & 0xFF;
                    int high = data.get(ValueLayout.JAVA_BYTE, qh + l) & 0xFF;
                    int q1 = ((low0 & 0x0F) | ((high & 3) << 4)) - 32;
                    int q2 = ((low32 & 0x0F) | (((high >>> 2) & 3) << 4)) - 32;
                    int q3 = ((low0 >>> 4) | (((high >>> 4) & 3) << 4)) - 32;
                    int q4 = ((low32 >>> 4) | (((high >>> 6) & 3) << 4)) - 32;
                    out[y + l] = d * data.get(ValueLayout.JAVA_BYTE, sc + is) * q1;
                    out[y + l + 32] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 2) * q2;
                    out[y + l + 64] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 4) * q3;
                    out[y + l + 96] = d * data.get(ValueLayout.JAVA_BYTE, sc + is + 6) * q4;
                }
            }
        }
    }
}
