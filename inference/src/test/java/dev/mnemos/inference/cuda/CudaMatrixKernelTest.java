package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnemos.inference.gguf.GgmlType;
import java.util.Random;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * matvec_* (one token) and matmul_* (a tile of tokens) of every weight type on a GPU, against the values the CPU's
 * tensor classes read from the same GGUF bytes. Skipped, with the probe's reason, without a CUDA device.
 */
@ExtendWith(GpuContext.class)
class CudaMatrixKernelTest {

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void should_match_the_cpu_values_when_one_token_and_a_tile_of_tokens_are_multiplied(GgmlType type, CudaContext gpu) {
        int rows = 300; // not a multiple of the 8 rows a block takes
        int cols = 1024;
        QuantizedRows m = QuantizedRows.of(type, rows, cols, type.ordinal());
        Random random = new Random(3);
        float[] x = new float[DeviceMatrix.TILE * cols];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        CUdeviceptr weights = gpu.upload(m.bytes());
        CUdeviceptr dx = gpu.upload(x);
        for (int split : new int[] {1, 2, 4, 8}) {
            check(gpu, m, new DeviceMatrix("w", type, rows, cols, weights, split), dx, x);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void should_match_the_cpu_values_when_the_matrix_is_repacked_into_planes(GgmlType type, CudaContext gpu) {
        Random random = new Random(5);
        for (int[] shape : new int[][] {{300, 1024}, {37, 96}, {9, 1056}}) { // rows of 32, 3 and 33 blocks
            int rows = shape[0], cols = shape[1];
            QuantizedRows m = QuantizedRows.of(type, rows, cols, type.ordinal() + cols);
            float[] x = new float[DeviceMatrix.TILE * cols];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
            CUdeviceptr weights = gpu.upload(MatrixPlanes.repack(type, rows, cols, java.lang.foreign.MemorySegment.ofArray(m.bytes())));
            CUdeviceptr dx = gpu.upload(x);
            for (int split : new int[] {1, 2, 4, 8}) {
                check(gpu, m, new DeviceMatrix("w", type, rows, cols, weights, split, MatrixLayout.PLANES), dx, x);
            }
        }
    }

    private static void check(CudaContext gpu, QuantizedRows m, DeviceMatrix matrix, CUdeviceptr dx, float[] x) {
        int rows = m.rows(), cols = m.cols();
        GgmlType type = m.type();
        int split = matrix.split();

        CUdeviceptr y = gpu.allocate(rows * 4L);
        gpu.launch(gpu.function("matvec", matrix.matvecKernel()), matrix.gridX(), 1, matrix.block(), matrix.values(), dx, y, rows, cols, split);
        float[] one = gpu.download(y, rows);
        for (int r = 0; r < rows; r++) assertThat(one[r]).as("%s split %d row %d", type, split, r).isCloseTo((float) m.dot(r, x, 0), tolerance(m.dot(r, x, 0)));

        int tokens = 5; // a partial tile: rows of tokens 5..7 are read, not written
        CUdeviceptr yt = gpu.upload(new float[DeviceMatrix.TILE * rows]);
        gpu.launch(gpu.function("matvec", matrix.matmulKernel()), matrix.gridX(), 1, matrix.block(), matrix.values(), dx, yt, rows, cols, tokens, split);
        float[] tile = gpu.download(yt, DeviceMatrix.TILE * rows);
        for (int t = 0; t < DeviceMatrix.TILE; t++) {
            for (int r = 0; r < rows; r++) {
                float expected = t < tokens ? (float) m.dot(r, x, t * cols) : 0f;
                assertThat(tile[t * rows + r]).as("%s split %d token %d row %d", type, split, t, r).isCloseTo(expected, tolerance(expected));
            }
        }
    }

    private static org.assertj.core.data.Offset<Float> tolerance(double expected) {
        return within(1e-3f * (float) Math.max(1, Math.abs(expected)));
    }
}
