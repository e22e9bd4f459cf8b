package dev.mnemos.inference.cuda;

import dev.mnemos.inference.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * Q8_0 and Q4_0 matrices repacked from GGUF blocks (an f16 scale, then the quants: 34 and 18 bytes, so quants only
 * 2-byte aligned) into two planes, the layout {@code matvec_q8_0_planes} and {@code matvec_q4_0_planes} read: first
 * every row's quants, row-major and 4-byte aligned (Q8_0: 32 bytes per block, Q4_0: 16, each block's bytes in their
 * GGUF order), then every block's f16 scale, rows × (cols / 32). Same size as the blocks; done once at upload.
 */
final class MatrixPlanes {

    private static final int BLOCK = 32;

    private MatrixPlanes() {}

    static boolean repacks(GgmlType type) {
        return type == GgmlType.Q8_0 || type == GgmlType.Q4_0;
    }

    /** Bytes of quants per block of 32 values. */
    static int quantBytes(GgmlType type) {
        return switch (type) {
            case Q8_0 -> 32;
            case Q4_0 -> 16;
            default -> throw new IllegalArgumentException("only Q8_0 and Q4_0 are repacked into planes, not " + type);
        };
    }

    /** The planes of a (rows, cols) matrix whose GGUF blocks are {@code blocks}. */
    static byte[] repack(GgmlType type, int rows, int cols, MemorySegment blocks) {
        int quant = quantBytes(type);
        if (rows <= 0 || cols <= 0 || cols % BLOCK != 0) {
            throw new IllegalArgumentException(type + " planes of " + rows + " rows of " + cols + " values: rows must be whole blocks of " + BLOCK);
        }
        long count = (long) rows * (cols / BLOCK);
        long size = type.byteSize((long) rows * cols);
        if (blocks.byteSize() != size) {
            throw new IllegalArgumentException(type + " matrix of " + rows + " x " + cols + " takes " + size + " bytes, not " + blocks.byteSize());
        }
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(type + " matrix of " + size + " bytes is too large to repack");
        byte[] planes = new byte[(int) size];
        MemorySegment out = MemorySegment.ofArray(planes);
        long scales = count * quant;
        int stride = 2 + quant;
        for (long b = 0; b < count; b++) {
            long at = b * stride;
            MemorySegment.copy(blocks, at, out, scales + 2 * b, 2);
            MemorySegment.copy(blocks, at + 2, out, b * quant, quant);
        }
        return planes;
    }
}
