package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

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

    /**
     * ggml's {@code quantize_row_q4_K_ref}: per 32 elements a scale and a min fitted by {@code make_qkx2_quants}
     * (weights {@code rms + |x|}, 21 trial scales), both quantized to 6 bits against the block's largest, then the
     * elements requantized with the stored scales.
     */
    public static void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        Dequantizer.firstBlock(GgmlType.Q4_K, 0, count);
        int[] levels = new int[BLOCK_SIZE];
        float[] weights = new float[32];
        float[] scales = new float[8];
        float[] mins = new float[8];
        byte[] packed = new byte[12];
        for (int b = 0; b < count / BLOCK_SIZE; b++) {
            int from = offset + b * BLOCK_SIZE;
            long at = byteOffset + (long) b * BYTES_PER_BLOCK;
            float maxScale = 0;
            float maxMin = 0;
            for (int j = 0; j < 8; j++) {
                float sumSquares = 0;
                for (int l = 0; l < 32; l++) {
                    sumSquares += values[from + 32 * j + l] * values[from + 32 * j + l];
                }
                float rms = (float) Math.sqrt(sumSquares / 32);
                for (int l = 0; l < 32; l++) {
                    weights[l] = rms + Math.abs(values[from + 32 * j + l]);
                }
                scales[j] = KQuants.fitScaleAndMin(32, 15, values, from + 32 * j, weights, levels, 32 * j, mins, j,
                        -1f, 0.1f, 20);
                if (scales[j] > maxScale) {
                    maxScale = scales[j];
                }
                if (mins[j] > maxMin) {
                    maxMin = mins[j];
                }
            }
            float inverseScale = maxScale > 0 ? 63f / maxScale : 0f;
            float inverseMin = maxMin > 0 ? 63f / maxMin : 0f;
            Arrays.fill(packed, (byte) 0);
            for (int j = 0; j < 8; j++) {
                int ls = Math.min(63, KQuants.nearestInt(inverseScale * scales[j]) & 0xFF);
                int lm = Math.min(63, KQuants.nearestInt(inverseMin * mins[j]) & 0xFF);
                if (j < 4) {
                    packed[j] = (byte) ls;
                    packed[j + 4] = (byte) lm;
                } else {
                    packed[j + 4] = (byte) ((ls & 0xF) | ((lm & 0xF) << 4));
                    packed[j - 4] |= (byte) ((ls >> 4) << 6);
                    packed[j] |= (byte) ((lm >> 4) << 6);
                }
            }
            short d = Float.floatToFloat16(maxScale / 63f);
            short dmin = Float.floatToFloat16(maxMin / 63f);
            for (int j = 0; j < 8; j++) {
                float scale = Float.float16ToFloat(d) * scale(packed, j);
                if (scale == 0) {
                    continue;
                }
                float min = Float.float16ToFloat(dmin) * min(packed, j);
                for (int i = 0; i < 32; i++) {
                    int l = KQuants.nearestInt((values[from + 32 * j + i] + min) / scale);
                    levels[32 * j + i] = Math.max(0, Math.min(15, l));
                }
            }
            out.set(GgufArray.SHORT, at, d);
            out.set(GgufArray.SHORT, at + 2, dmin);
            MemorySegment.copy(packed, 0, out, ValueLayout.JAVA_BYTE, at + SCALES, 12);
            for (int group = 0; group < 4; group++) {
                for (int l = 0; l < 32; l++) {
                    int low = levels[group * 64 + l];
                    int high = levels[group * 64 + 32 + l];
                    out.set(ValueLayout.JAVA_BYTE, at + QUANTS + group * 32L + l, (byte) (low | (high << 4)));
                }
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
