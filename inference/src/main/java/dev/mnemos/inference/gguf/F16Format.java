package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;

/** GGML's F16: IEEE half precision, rounded to nearest even as ggml's {@code GGML_FP32_TO_FP16} does. */
public final class F16Format {

    private F16Format() {
    }

    public static void dequantize(MemorySegment data, long elementOffset, float[] out, int count) {
        for (int i = 0; i < count; i++) {
            out[i] = Float.float16ToFloat(data.get(GgufArray.SHORT, (elementOffset + i) * 2));
        }
    }

    public static void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        for (int i = 0; i < count; i++) {
            out.set(GgufArray.SHORT, byteOffset + i * 2L, Float.floatToFloat16(values[offset + i]));
        }
    }
}
