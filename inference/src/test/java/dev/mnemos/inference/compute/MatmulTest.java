package dev.mnemos.inference.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.tensor.F32Tensor;
import dev.mnemos.inference.tensor.FloatTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatmulTest {

    private static final int COLS = 256;

    private static FloatTensor random(int rows, long seed) {
        Random random = new Random(seed);
        MemorySegment segment = Arena.ofAuto().allocate((long) rows * COLS * Float.BYTES);
        for (long i = 0; i < (long) rows * COLS; i++) {
            segment.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextGaussian());
        }
        return new F32Tensor(segment, (long) rows * COLS);
    }

    private static float[] unset(int length) {
        float[] out = new float[length];
        Arrays.fill(out, Float.NaN);
        return out;
    }

    @Test
    void should_fill_every_row_of_three_matrices_as_one_thread_does_when_a_decode_is_split_across_threads() {
        // row counts that are no multiple of the threads' grain of 4, each matrix above the serial threshold
        int[] rows = {301, 517, 259};
        FloatTensor[] w = {random(rows[0], 1), random(rows[1], 2), random(rows[2], 3)};
        float[] x = new float[COLS];
        Random random = new Random(4);
        for (int i = 0; i < COLS; i++) x[i] = (float) random.nextGaussian();
        float[][] expected = new float[3][];
        try (ComputePool one = new ComputePool(1)) {
            Matmul matmul = new Matmul(one, COLS, 1);
            for (int i = 0; i < 3; i++) {
                expected[i] = unset(rows[i]);
                matmul.apply(w[i], x, 1, expected[i], rows[i], COLS);
            }
        }
        for (int threads : new int[] {2, 3}) {
            try (ComputePool pool = new ComputePool(threads)) {
                Matmul matmul = new Matmul(pool, COLS, 1);
                for (int round = 0; round < 200; round++) {
                    float[][] out = {unset(rows[0]), unset(rows[1]), unset(rows[2])};
                    matmul.apply(x, 1, COLS, w[0], out[0], rows[0], w[1], out[1], rows[1], w[2], out[2], rows[2]);
                    for (int i = 0; i < 3; i++) {
                        assertThat(out[i]).as("matrix %d, %d threads, round %d", i, threads, round).containsExactly(expected[i]);
                    }
                }
            }
        }
    }
}
