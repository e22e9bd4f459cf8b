package dev.mnemos.inference.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnemos.inference.gguf.Dequantizer;
import dev.mnemos.inference.gguf.GgmlType;
import dev.mnemos.inference.tensor.RandomTensors.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every vector path against the scalar reference built on the format's formula ({@link FloatTensor#getFloat}). */
class FloatTensorTest {

    private static final int ROWS = 13; // not a multiple of 4: exercises the row tail of the 4-row kernels
    private static final int COLS = 512;

    private static float tolerance(float[] reference) {
        float max = 0;
        for (float v : reference) max = Math.max(max, Math.abs(v));
        return 1e-5f * Math.max(1, max) * 10;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void should_match_the_scalar_dot_when_dequantizing_and_multiplying_in_one_pass(Kind kind) {
        FloatTensor w = RandomTensors.of(kind, (long) ROWS * COLS, 1);
        float[] x = RandomTensors.gaussian(COLS + 3, 2);
        for (int r = 0; r < ROWS; r++) {
            float reference = w.scalarDot((long) r * COLS, x, 3, COLS);
            assertThat(w.dot((long) r * COLS, x, 3, COLS)).as("row %d", r).isCloseTo(reference, within(1e-4f * Math.max(1, Math.abs(reference))));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void should_match_the_scalar_dot_when_multiplying_a_matrix_by_a_vector(Kind kind) {
        FloatTensor w = RandomTensors.of(kind, (long) ROWS * COLS, 3);
        float[] x = RandomTensors.gaussian(COLS, 4);
        float[] reference = new float[ROWS];
        for (int r = 0; r < ROWS; r++) reference[r] = w.scalarDot((long) r * COLS, x, 0, COLS);
        float[] out = new float[ROWS];
        w.matvec(x, 0, out, COLS, 1, ROWS);
        assertThat(out[0]).isZero(); // row 0 is outside the slice
        for (int r = 1; r < ROWS; r++) {
            assertThat(out[r]).as("row %d", r).isCloseTo(reference[r], within(tolerance(reference)));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void should_match_the_scalar_dot_when_multiplying_a_matrix_by_a_batch_of_tokens(Kind kind) {
        FloatTensor w = RandomTensors.of(kind, (long) ROWS * COLS, 5);
        // rows 0-12 end with a group of one row, rows 1-10 with a group of two; 7 tokens fill part of a
        // vector of tokens, 40 two vectors and part of another with AVX-512 (five with AVX2)
        int[][] slices = {{0, ROWS}, {1, ROWS - 2}};
        for (int tokens : new int[] {7, 40}) {
            float[] x = RandomTensors.gaussian(tokens * COLS, 6);
            int lanes = DenseKernels.lanes(tokens);
            float[] xt = new float[COLS * lanes];
            DenseKernels.transpose(x, tokens, COLS, xt, lanes);
            for (int[] slice : slices) {
                float[] out = new float[tokens * ROWS];
                w.matmul(xt, lanes, tokens, out, ROWS, COLS, slice[0], slice[1], new float[FloatTensor.matmulScratch(COLS)]);
                for (int t = 0; t < tokens; t++) {
                    for (int r = 0; r < ROWS; r++) {
                        boolean inSlice = r >= slice[0] && r < slice[1];
                        float reference = inSlice ? w.scalarDot((long) r * COLS, x, t * COLS, COLS) : 0f;
                        // both sums round: allow for that on the size of the products, not only of their sum,
                        // which can cancel to a small fraction of them (Q6_K: 0.0195 from |products| of 9,000)
                        float magnitude = 0f;
                        for (int k = 0; inSlice && k < COLS; k++) magnitude += Math.abs(w.getFloat((long) r * COLS + k) * x[t * COLS + k]);
                        assertThat(out[t * ROWS + r]).as("%d tokens, rows %d-%d, token %d row %d", tokens, slice[0], slice[1] - 1, t, r)
                                .isCloseTo(reference, within(Math.max(1e-4f * Math.max(1, Math.abs(reference)), 1e-6f * magnitude)));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void should_read_every_element_as_the_format_reference_dequantizer_when_reading_one_at_a_time(Kind kind) {
        FloatTensor w = RandomTensors.of(kind, 2L * COLS, 8);
        float[] reference = new float[2 * COLS];
        Dequantizer.of(GgmlType.valueOf(kind.name())).dequantize(w.segment, 0, reference, reference.length);
        for (int i = 0; i < reference.length; i++) {
            assertThat(w.getFloat(i)).as("element %d", i).isEqualTo(reference[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void should_dequantize_rows_exactly_as_the_element_formula(Kind kind) {
        FloatTensor w = RandomTensors.of(kind, 2L * COLS, 7);
        float[] row = new float[COLS];
        w.dequantize(COLS, row, 0, COLS);
        for (int i = 0; i < COLS; i++) {
            assertThat(row[i]).as("element %d", i).isEqualTo(w.getFloat(COLS + i));
        }
    }
}
