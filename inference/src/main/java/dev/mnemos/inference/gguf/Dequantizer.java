package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;

/**
 * Turns stored elements of one GGML type back into floats: the plain scalar reference (ggml-quants.c's
 * {@code dequantize_row_*}) that fast kernels are tested against.
 */
@FunctionalInterface
public interface Dequantizer {

    /**
     * Writes elements {@code [elementOffset, elementOffset + count)} of {@code data} into {@code out[0, count)}.
     *
     * @param data          the tensor's bytes, starting at its element 0
     * @param elementOffset the first element; for block types a multiple of the block size
     * @param count         how many elements; for block types a multiple of the block size
     * @throws IllegalArgumentException if offset or count cut a block
     */
    void dequantize(MemorySegment data, long elementOffset, float[] out, int count);

    /** @throws UnsupportedOperationException for a type that has no reference here */
    static Dequantizer of(GgmlType type) {
        return switch (type) {
            case F32 -> F32Format::dequantize;
            case F16 -> F16Format::dequantize;
            case BF16 -> BF16Format::dequantize;
            case Q8_0 -> Q8_0Format::dequantize;
            case Q4_0 -> Q4_0Format::dequantize;
            case Q4_K -> Q4_KFormat::dequantize;
            case Q6_K -> Q6_KFormat::dequantize;
            default -> throw new UnsupportedOperationException("no dequantizer for " + type);
        };
    }

    /** Checks that a range of elements covers whole blocks, and returns the index of its first block. */
    static long firstBlock(GgmlType type, long elementOffset, int count) {
        int blockSize = type.blockSize();
        if (elementOffset % blockSize != 0 || count % blockSize != 0 || elementOffset < 0 || count < 0) {
            throw new IllegalArgumentException("elements [" + elementOffset + ", " + (elementOffset + count)
                    + ") do not cover whole " + type + " blocks of " + blockSize);
        }
        return elementOffset / blockSize;
    }
}
