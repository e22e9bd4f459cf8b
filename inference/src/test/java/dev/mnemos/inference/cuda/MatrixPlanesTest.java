package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mnemos.inference.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The planes Q8_0 and Q4_0 are repacked into at upload, read back word by word as {@code Q8_0Word} and
 * {@code Q4_0Word} in matvec.cu address them: every value must be the one the CPU reads from the GGUF block, and
 * the words {@code rows_planes} takes over its parts, lanes and batches must add up to the CPU's dot product.
 */
class MatrixPlanesTest {

    private static final ValueLayout.OfInt WORD = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    /** BATCH in matvec.cu: the warp steps whose loads a lane issues before it uses any. */
    private static final int BATCH = 4;

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void should_give_back_the_cpu_values_of_every_block_when_the_kernel_reads_the_planes_word_by_word(GgmlType type) {
        for (QuantizedRows m : matrices(type)) {
            int rows = m.rows(), cols = m.cols();
            byte[] planes = planes(m);
            assertThat(planes).as("same size as the blocks").hasSize(m.bytes().length);
            float[] read = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols / valuesPerWord(type); j++) {
                    float[] values = word(type, planes, rows, cols, r, j);
                    int[] at = positions(type, j);
                    for (int k = 0; k < at.length; k++) read[r * cols + at[k]] = values[k];
                }
            }
            assertThat(read).as("%s %d x %d", type, rows, cols).containsExactly(m.values());
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void should_give_the_cpu_dot_products_when_a_row_is_split_among_parts_lanes_and_batches_as_the_kernel_loops(GgmlType type) {
        for (QuantizedRows m : matrices(type)) {
            int rows = m.rows(), cols = m.cols();
            byte[] planes = planes(m);
            float[] x = new float[cols];
            java.util.Random random = new java.util.Random(cols);
            for (int i = 0; i < cols; i++) x[i] = (float) random.nextGaussian();
            for (int split : new int[] {1, 2, 4, 8}) {
                for (int r = 0; r < rows; r++) {
                    double expected = m.dot(r, x, 0);
                    assertThat(laneModel(type, planes, rows, cols, r, split, x)).as("%s %d x %d split %d row %d", type, rows, cols, split, r)
                            .isCloseTo(expected, within(1e-4 * Math.max(1, Math.abs(expected))));
                }
            }
        }
    }

    /** Odd row counts and rows of an odd number of blocks (1, 3, 5 and 33), so that no row starts where a block of rows would. */
    private static java.util.List<QuantizedRows> matrices(GgmlType type) {
        int[][] shapes = {{1, 32}, {3, 96}, {7, 160}, {5, 1056}};
        return java.util.Arrays.stream(shapes).map(s -> QuantizedRows.of(type, s[0], s[1], s[0] * 31L + s[1])).toList();
    }

    private static byte[] planes(QuantizedRows m) {
        return MatrixPlanes.repack(m.type(), m.rows(), m.cols(), MemorySegment.ofArray(m.bytes()));
    }

    /** rows_planes for one row: part, lane, batch and step as its loops take them; each word used once or the sum is off. */
    private static double laneModel(GgmlType type, byte[] planes, int rows, int cols, int r, int split, float[] x) {
        int words = cols / valuesPerWord(type);
        int stride = 32 * split;
        double sum = 0;
        for (int part = 0; part < split; part++) {
            for (int lane = 0; lane < 32; lane++) {
                for (int first = lane + 32 * part; first < words; first += BATCH * stride) {
                    for (int u = 0; u < BATCH; u++) {
                        int j = first + u * stride;
                        if (j >= words) break;
                        float[] values = word(type, planes, rows, cols, r, j);
                        int[] at = positions(type, j);
                        for (int k = 0; k < at.length; k++) sum += values[k] * (double) x[at[k]];
                    }
                }
            }
        }
        return sum;
    }

    private static int valuesPerWord(GgmlType type) {
        return type == GgmlType.Q8_0 ? 4 : 8;
    }

    /**
     * The values of word j of row r, as Q8_0Word and Q4_0Word decode it: the word at (r * words + j) * 4, the scale of
     * block j / (32 / values) of the row, after every row's quants. Q8_0: four int8; Q4_0: four low nibbles, then four high;
     * each made a float as q8_value and q4_value do, from the bits of 2^23 + n.
     */
    private static float[] word(GgmlType type, byte[] planes, int rows, int cols, int r, int j) {
        MemorySegment p = MemorySegment.ofArray(planes);
        int per = valuesPerWord(type);
        int words = cols / per;
        int v = p.get(WORD, ((long) r * words + j) * 4);
        float s = Float.float16ToFloat(p.get(HALF, (long) rows * words * 4 + 2L * ((long) r * (cols / 32) + j / (32 / per))));
        float[] out = new float[per];
        for (int k = 0; k < 4; k++) {
            if (type == GgmlType.Q8_0) {
                out[k] = s * (Float.intBitsToFloat(0x4B000000 | (((v >>> (8 * k)) & 0xFF) ^ 0x80)) - 8388736.0f); // q8_value
            } else {
                out[k] = s * (Float.intBitsToFloat(0x4B000000 | ((v >>> (8 * k)) & 0x0F)) - 8388616.0f); // q4_value
                out[4 + k] = s * (Float.intBitsToFloat(0x4B000000 | ((v >>> (8 * k + 4)) & 0x0F)) - 8388616.0f);
            }
        }
        return out;
    }

    /** Where word j's values lie in its row. Q8_0: 4j .. 4j + 3; Q4_0 (i = j mod 4 of block j / 4): 4i + k, then 16 + 4i + k. */
    private static int[] positions(GgmlType type, int j) {
        if (type == GgmlType.Q8_0) return new int[] {4 * j, 4 * j + 1, 4 * j + 2, 4 * j + 3};
        int at = 32 * (j / 4) + 4 * (j % 4);
        return new int[] {at, at + 1, at + 2, at + 3, at + 16, at + 17, at + 18, at + 19};
    }

    @Test
    void should_refuse_a_type_without_planes_and_bytes_that_are_not_the_matrix() {
        byte[] k = new byte[(int) GgmlType.Q4_K.byteSize(256)];
        assertThatThrownBy(() -> MatrixPlanes.repack(GgmlType.Q4_K, 1, 256, MemorySegment.ofArray(k))).hasMessageContaining("only Q8_0 and Q4_0");
        assertThatThrownBy(() -> MatrixPlanes.repack(GgmlType.Q8_0, 2, 32, MemorySegment.ofArray(new byte[34]))).hasMessageContaining("not 34");
        assertThatThrownBy(() -> MatrixPlanes.repack(GgmlType.Q8_0, 1, 48, MemorySegment.ofArray(new byte[51]))).hasMessageContaining("whole blocks");
    }

    @Test
    void should_name_the_planes_kernels_for_q8_0_and_q4_0_and_keep_the_other_types_in_blocks() {
        var entries = Ptx.entries(Ptx.load("matvec"));
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            DeviceMatrix m = DeviceMatrix.of("w", type, 300, 512, new CUdeviceptr(), MatrixLayout.PLANES);
            assertThat(m.matvecKernel()).isEqualTo("matvec_" + type.name().toLowerCase(java.util.Locale.ROOT) + "_planes");
            assertThat(entries).contains(m.matvecKernel(), m.matmulKernel());
            assertThat(m.bytes()).isEqualTo(type.byteSize(300L * 512));
        }
        assertThat(MatrixLayout.PLANES.of(GgmlType.Q6_K)).isEqualTo(MatrixLayout.BLOCKS);
        assertThat(MatrixLayout.BLOCKS.of(GgmlType.Q8_0)).isEqualTo(MatrixLayout.BLOCKS);
        assertThatThrownBy(() -> DeviceMatrix.of("w", GgmlType.F16, 4, 256, new CUdeviceptr(), MatrixLayout.PLANES)).hasMessageContaining("no kernel over PLANES");
    }
}
