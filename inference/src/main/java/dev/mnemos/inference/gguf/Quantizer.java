package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;

/** Stores floats as one GGML type, bit for bit as ggml's reference quantizers ({@code quantize_row_*_ref}) do. */
@FunctionalInterface
public interface Quantizer {

    /**
     * Writes {@code values[offset, offset + count)} as {@code count} elements into {@code out} at {@code byteOffset}.
     *
     * @throws IllegalArgumentException if {@code count} is not a whole number of blocks
     */
    void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset);

    /** @throws UnsupportedOperationException for a type that has no quantizer here */
    static Quantizer of(GgmlType type) {
        return switch (type) {
            case F32 -> F32Format::quantize;
            case F16 -> F16Format::quantize;
            case BF16 -> BF16Format::quantize;
            case Q8_0 -> Q8_0Format::quantize;
            case Q4_0 -> Q4_0Format::quantize;
            case Q4_K -> Q4_KFormat::quantize;
            case Q6_K -> Q6_KFormat::quantize;
            default -> throw new UnsupportedOperationException("no quantizer for " + type);
        };
    }
}
