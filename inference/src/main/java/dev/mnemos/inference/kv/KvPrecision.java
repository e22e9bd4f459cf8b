package dev.mnemos.inference.kv;

/** How precisely the KV cache keeps keys and values, and attention accumulates them. */
public enum KvPrecision {
    /** Floats throughout: the most accurate, and the fastest here. */
    F32,
    /**
     * Half precision as llama.cpp computes by default on the CPU (an f16 KV cache, queries rounded to f16,
     * flash attention accumulating the weighted values in f16): logits then agree with llama.cpp's to about
     * 1e-6 rather than 1e-3. Slower, since each rounding is a scalar conversion.
     */
    F16;

    /** {@code value} as this precision stores it. */
    public float round(float value) {
        return this == F16 ? Float.float16ToFloat(Float.floatToFloat16(value)) : value;
    }
}
