package dev.mnemos.inference.cuda;

import dev.mnemos.inference.gguf.GgmlType;

/** How a weight matrix lies in device memory, and so which of its type's kernels reads it. */
public enum MatrixLayout {
    /** The GGUF file's bytes as they are: interleaved blocks, read by the byte-wise {@code matvec_<type>} kernels. */
    BLOCKS,
    /**
     * Q8_0 and Q4_0 repacked at upload into a plane of quants and a plane of scales ({@link MatrixPlanes}), read with
     * 32-bit loads by {@code matvec_<type>_planes}; the other types stay in {@link #BLOCKS}, which they read in words
     * already.
     */
    PLANES;

    /** The layout a matrix of {@code type} gets when its weights are uploaded in this one. */
    MatrixLayout of(GgmlType type) {
        return this == PLANES && MatrixPlanes.repacks(type) ? PLANES : BLOCKS;
    }
}
