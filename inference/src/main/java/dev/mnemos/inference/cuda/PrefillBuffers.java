package dev.mnemos.inference.cuda;

import dev.mnemos.inference.model.ModelShape;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/**
 * The device buffers of a prefill tile: {@link DeviceMatrix#TILE} rows of each of the decode step's activations, so
 * that the {@code matmul_*} kernels read each weight once for the whole tile, and one step record per token of the
 * tile (step.h), so that the per-token kernels (embedding row, RoPE, KV append, attention) see each token's own
 * position and length. Allocated once and zeroed: the matrix kernels read all TILE rows, also past a short tile.
 *
 * @param x     (TILE, dim) the residual stream
 * @param xb    (TILE, max(dim, queryDim)) normalised input, then attention output
 * @param xb2   (TILE, dim) projection output before the residual add
 * @param q     (TILE, queryDim)
 * @param k     (TILE, kvDim)
 * @param v     (TILE, kvDim)
 * @param hb    (TILE, ffn) gate, then SwiGLU output
 * @param hb2   (TILE, ffn) up
 * @param steps (TILE, STEP_INTS) token, position, length of each token of the tile
 */
public record PrefillBuffers(CUdeviceptr x, CUdeviceptr xb, CUdeviceptr xb2, CUdeviceptr q, CUdeviceptr k, CUdeviceptr v, CUdeviceptr hb,
                             CUdeviceptr hb2, CUdeviceptr steps) {

    static PrefillBuffers allocate(CudaContext gpu, ModelShape s) {
        long rows = DeviceMatrix.TILE;
        return new PrefillBuffers(zeros(gpu, rows * s.embeddingLength()), zeros(gpu, rows * Math.max(s.embeddingLength(), s.queryDim())),
                zeros(gpu, rows * s.embeddingLength()), zeros(gpu, rows * s.queryDim()), zeros(gpu, rows * s.kvDim()), zeros(gpu, rows * s.kvDim()),
                zeros(gpu, rows * s.feedForwardLength()), zeros(gpu, rows * s.feedForwardLength()), zeros(gpu, rows * DecodeBuffers.STEP_INTS));
    }

    private static CUdeviceptr zeros(CudaContext gpu, long words) {
        CUdeviceptr p = gpu.allocate(words * Sizeof.FLOAT);
        gpu.fill(p, 0, words);
        return p;
    }

    /** The step records of {@code tokens} at positions {@code from ..}, as {@link #steps} holds them. */
    static int[] stepRecords(int[] tokens, int offset, int count, int from) {
        if (count <= 0 || count > DeviceMatrix.TILE) throw new IllegalArgumentException("a tile holds 1 to " + DeviceMatrix.TILE + " tokens, not " + count);
        int[] records = new int[count * DecodeBuffers.STEP_INTS];
        for (int t = 0; t < count; t++) {
            records[t * DecodeBuffers.STEP_INTS] = tokens[offset + t];
            records[t * DecodeBuffers.STEP_INTS + 1] = from + t;
            records[t * DecodeBuffers.STEP_INTS + 2] = from + t + 1;
        }
        return records;
    }
}
