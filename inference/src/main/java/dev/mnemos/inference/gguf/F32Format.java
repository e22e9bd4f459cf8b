package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;

/** GGML's F32: little-endian IEEE floats. */
public final class F32Format {

    private F32Format() {
    }

    public static void dequantize(MemorySegment data, long elementOffset, float[] out, int count) {
        MemorySegment.copy(data, GgufArray.FLOAT, elementOffset * 4, out, 0, count);
    }

    public static void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        MemorySegment.copy(values, offset, out, GgufArray.FLOAT, byteOffset, count);
    }
}
