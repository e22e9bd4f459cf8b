package dev.mnemos.inference.cuda;

import dev.mnemos.inference.gguf.GgmlType;
import java.util.Locale;
import jcuda.driver.CUdeviceptr;

/**
 * A weight matrix in device memory, in its GGUF bytes (rows of {@code cols} values, row-major), with the fused
 * dequantize × vector kernel of its type.
 *
 * @param name   the GGUF tensor name, for messages
 * @param type   the GGML type of its values
 * @param rows   output width
 * @param cols   input width (the GGUF row length)
 * @param values the device address of its bytes
 * @param split  warps per row (1, 2, 4 or 8), each taking every split-th stretch of the row
 * @param layout how {@code values} lie: GGUF blocks, or (Q8_0 and Q4_0 only) {@link MatrixPlanes}
 */
public record DeviceMatrix(String name, GgmlType type, int rows, int cols, CUdeviceptr values, int split, MatrixLayout layout) {

    /** Warps per block of a matrix kernel (WARPS in matvec.cu). */
    static final int WARPS = 8;
    /**
     * Warps a matrix kernel should have to keep enough loads in flight to cover the memory latency: about 62 per
     * SM of an H200 (132 SMs, 64 warps each at most).
     */
    static final int TARGET_WARPS = 8192;
    /** Tokens per tile of the prefill kernels (TILE in matvec.cu). */
    public static final int TILE = 8;

    /** A matrix with the split {@link #splitFor} picks. */
    public static DeviceMatrix of(String name, GgmlType type, int rows, int cols, CUdeviceptr values) {
        return of(name, type, rows, cols, values, MatrixLayout.BLOCKS);
    }

    /** As above, with the values in {@code layout}. */
    public static DeviceMatrix of(String name, GgmlType type, int rows, int cols, CUdeviceptr values, MatrixLayout layout) {
        return new DeviceMatrix(name, type, rows, cols, values, splitFor(rows, cols), layout);
    }

    /** A matrix in its GGUF blocks. */
    public DeviceMatrix(String name, GgmlType type, int rows, int cols, CUdeviceptr values, int split) {
        this(name, type, rows, cols, values, split, MatrixLayout.BLOCKS);
    }

    /**
     * Warps per row: doubled (up to 8) while the matrix has fewer than {@link #TARGET_WARPS} warps and each part of a
     * row still holds at least 256 values (a K-quant super-block; four Q8_0/Q4_0 blocks are one warp step of 128).
     */
    static int splitFor(int rows, int cols) {
        int split = 1;
        while (split < WARPS && (long) rows * split < TARGET_WARPS && cols / (256 * 2 * split) >= 1) split *= 2;
        return split;
    }

    public DeviceMatrix {
        kernelSuffix(type);
        if (split != 1 && split != 2 && split != 4 && split != 8) {
            throw new IllegalArgumentException(name + ": a row is split among 1, 2, 4 or 8 warps, not " + split);
        }
        if (cols % type.blockSize() != 0) {
            throw new IllegalArgumentException(name + ": rows of " + cols + " values are not whole " + type + " blocks of " + type.blockSize());
        }
        if (layout.of(type) != layout) throw new IllegalArgumentException(name + ": " + type + " has no kernel over " + layout);
    }

    /** The {@code matvec_<type>} kernel: one token. */
    public String matvecKernel() {
        return "matvec_" + kernelSuffix(type) + layoutSuffix();
    }

    /** The {@code matmul_<type>} kernel: a tile of up to {@link #TILE} tokens. */
    public String matmulKernel() {
        return "matmul_" + kernelSuffix(type) + layoutSuffix();
    }

    /** Blocks of {@link #WARPS} warps, {@link #split} warps per row. */
    public int gridX() {
        int rowsPerBlock = WARPS / split;
        return (rows + rowsPerBlock - 1) / rowsPerBlock;
    }

    public int block() {
        return 32 * WARPS;
    }

    /** Bytes a matrix-vector product reads from device memory for the weights. */
    public long bytes() {
        return type.byteSize((long) rows * cols);
    }

    private String layoutSuffix() {
        return layout == MatrixLayout.PLANES ? "_planes" : "";
    }

    static String kernelSuffix(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K -> type.name().toLowerCase(Locale.ROOT);
            default -> throw new IllegalArgumentException("no CUDA kernel for " + type + " weights (there are F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K)");
        };
    }
}
