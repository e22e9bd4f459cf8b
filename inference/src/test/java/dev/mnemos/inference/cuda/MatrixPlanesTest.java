package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.inference.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The planes Q8_0 and Q4_0 are repacked into at upload, read back word by word as {@code Q8_0Word} and
 * {@code Q4_0Word} in matvec.cu address them: every value must be the one the CPU reads from the GGUF block.
 */
class MatrixPlanesTest {

    private static final ValueLayout.OfInt WORD = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void should_give_back_the_cpu_values_of_every_block_when_the_kernel_reads_the_planes_word_by_word(GgmlType type) {
        // odd row counts and rows of an odd number of blocks (1, 3, 5 and 33), so that no row starts where a block of rows would
        for (int[] shape : new int[][] {{1, 32}, {3, 96}, {7, 160}, {5, 1056}}) {
            int rows = shape[0], cols = shape[1];
            QuantizedRows m = QuantizedRows.of(type, rows, cols, rows * 31L + cols);
            byte[] planes = MatrixPlanes.repack(type, rows, cols, MemorySegment.ofArray(m.bytes()));
            assertThat(planes).as("same size as the blocks").hasSize(m.bytes().length);
            float[] read = type == GgmlType.Q8_0 ? readQ8_0(planes, rows, cols) : readQ4_0(planes, rows, cols);
            assertThat(read).as("%s %d x %d", type, rows, cols).containsExactly(m.values());
        }
    }

    /** As Q8_0Word: word j of row r at (r * cols / 4 + j) * 4 holds values 4j .. 4j + 3; scale of block j / 8. */
    private static float[] readQ8_0(byte[] planes, int rows, int cols) {
        MemorySegment p = MemorySegment.ofArray(planes);
        float[] out = new float[rows * cols];
        int words = cols / 4;
        long scales = (long) rows * cols;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < words; j++) {
                int v = p.get(WORD, ((long) r * words + j) * 4);
                float s = Float.float16ToFloat(p.get(HALF, scales + 2L * ((long) r * (cols / 32) + j / 8)));
                for (int i = 0; i < 4; i++) out[r * cols + 4 * j + i] = s * (byte) (v >> (8 * i));
            }
        }
        return out;
    }

    /** As Q4_0Word: word j is bytes 4i .. 4i + 3 (i = j mod 4) of block j / 4: values 4i + k low, 16 + 4i + k high. */
    private static float[] readQ4_0(byte[] planes, int rows, int cols) {
        MemorySegment p = MemorySegment.ofArray(planes);
        float[] out = new float[rows * cols];
        int words = cols / 8;
        long scales = (long) rows * cols / 2;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < words; j++) {
                int v = p.get(WORD, ((long) r * words + j) * 4);
                float s = Float.float16ToFloat(p.get(HALF, scales + 2L * ((long) r * (cols / 32) + j / 4)));
                int at = r * cols + 32 * (j / 4) + 4 * (j % 4);
                for (int k = 0; k < 4; k++) {
                    out[at + k] = s * (((v >>> (8 * k)) & 0x0F) - 8);
                    out[at + 16 + k] = s * (((v >>> (8 * k + 4)) & 0x0F) - 8);
                }
            }
        }
        return out;
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
