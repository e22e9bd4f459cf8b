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

    /**
     * ggml's {@code quantize_row_q6_K_ref}: per 16 elements a signed scale fitted by {@code make_qx_quants}
     * (weights {@code x²}, 19 trial scales), quantized to 8 bits against the block's largest, then the elements
     * requantized with the stored scales.
     */
    public static void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        Dequantizer.firstBlock(GgmlType.Q6_K, 0, count);
        int[] levels = new int[BLOCK_SIZE];
        float[] scales = new float[16];
        for (int b = 0; b < count / BLOCK_SIZE; b++) {
            int from = offset + b * BLOCK_SIZE;
            long at = byteOffset + (long) b * BYTES_PER_BLOCK;
            float maxScale = 0;
            float maxAbsScale = 0;
            for (int s = 0; s < 16; s++) {
                scales[s] = KQuants.fitSymmetricScale(16, 32, values, from + 16 * s, levels, 16 * s);
                if (Math.abs(scales[s]) > maxAbsScale) {
                    maxAbsScale = Math.abs(scales[s]);
                    maxScale = scales[s];
                }
            }
            if (maxAbsScale < KQuants.GROUP_MAX_EPS) {
                out.asSlice(at, BYTES_PER_BLOCK).fill((byte) 0);
                continue;
            }
            float inverse = -128f / maxScale;
            short d = Float.floatToFloat16(1 / inverse);
            byte[] stored = new byte[16];
            for (int s = 0; s < 16; s++) {
                stored[s] = (byte) Math.min(127, KQuants.nearestInt(inverse * scales[s]));
            }
            for (int s = 0; s < 16; s++) {
                float scale = Float.float16ToFloat(d) * stored[s];
                if (scale == 0) {
                    continue;
                }
                for (int i = 0; i < 16; i++) {
                    int l = KQuants.nearestInt(values[from + 16 * s + i] / scale);
                    levels[16 * s + i] = Math.max(-32, Math.min(31, l)) + 32;
                }
            }
            for (int half = 0; half < 2; half++) {
                int j = half * 128;
                for (int l = 0; l < 32; l++) {
                    int q1 = levels[j + l];
                    int q2 = levels[j + l + 32];
                    int q3 = levels[j + l + 64];
                    int q4 = levels[j + l + 96];
                    out.set(ValueLayout.JAVA_BYTE, at + half * 64L + l, (byte) ((q1 & 0xF) | ((q3 & 0xF) << 4)));
                    out.set(ValueLayout.JAVA_BYTE, at + half * 64L + l + 32, (byte) ((q2 & 0xF) | ((q4 & 0xF) << 4)));
                    out.set(ValueLayout.JAVA_BYTE, at + HIGH_BITS + half * 32L + l,
                            (byte) ((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6)));
                }
            }
            MemorySegment.copy(stored, 0, out, ValueLayout.JAVA_BYTE, at + SCALES, 16);
            out.set(GgufArray.SHORT, at + D, d);
        }
    }
}
