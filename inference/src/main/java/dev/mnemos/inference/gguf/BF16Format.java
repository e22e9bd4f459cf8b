package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;

/** GGML's BF16: the upper half of an IEEE float, rounded to nearest even (ggml's {@code GGML_FP32_TO_BF16}). */
public final class BF16Format {

    private BF16Format() {
    }

    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000) {
            return (short) ((bits >>> 16) | 64); // a NaN stays a quiet NaN
        }
        return (short) ((bits + (0x7FFF + ((bits >>> 16) & 1))) >>> 16);
    }

    public static void dequantize(MemorySegment data, long elementOffset, float[] out, int count) {
        for (int i = 0; i < count; i++) {
            out[i] = toFloat(data.get(GgufArray.SHORT, (elementOffset + i) * 2));
        }
    }

    public static void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        for (int i = 0; i < count; i++) {
            out.set(GgufArray.SHORT, byteOffset + i * 2L, fromFloat(values[offset + i]));
        }
    }
}
