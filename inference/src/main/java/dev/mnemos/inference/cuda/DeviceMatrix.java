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
 */
public record DeviceMatrix(String name, GgmlType type, int rows, int cols, CUdeviceptr values) {

    /** Warps per block of a matrix kernel: 8 rows per block. */
    static final int WARPS = 8;
    /** Tokens per tile of the prefill kernels (TILE in matvec.cu). */
    public static final int TILE = 8;

    public DeviceMatrix {
        kernelSuffix(type);
        if (cols % type.blockSize() != 0) {
            throw new IllegalArgumentException(name + ": rows of " + cols + " values are not whole " + type + " blocks of " + type.blockSize());
        }
    }

    /** The {@code matvec_<type>} kernel: one token. */
    public String matvecKernel() {
        return "matvec_" + kernelSuffix(type);
    }

    /** The {@code matmul_<type>} kernel: a tile of up to {@link #TILE} tokens. */
    public String matmulKernel() {
        return "matmul_" + kernelSuffix(type);
    }

    /** Blocks of {@link #WARPS} warps, one warp per row. */
    public int gridX() {
        return (rows + WARPS - 1) / WARPS;
    }

    public int block() {
        return 32 * WARPS;
    }

    /** Bytes a matrix-vector product reads from device memory for the weights. */
    public long bytes() {
        return type.byteSize((long) rows * cols);
    }

    static String kernelSuffix(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K -> type.name().toLowerCase(Locale.ROOT);
            default -> throw new IllegalArgumentException("no CUDA kernel for " + type + " weights (there are F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K)");
        };
    }
}
