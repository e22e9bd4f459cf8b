package dev.mnemos.inference.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The attention kernels against plain loops, at lengths with and without a scalar tail. */
class DenseKernelsTest {

    private static float[] random(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 8, 64, 67, 128})
    void fourDotsEqualFourPlainDots(int n) {
        SplittableRandom random = new SplittableRandom(n);
        int stride = n + 5, aOffset = 2, bOffset = 3;
        float[] a = random(random, aOffset + n), b = random(random, bOffset + 4 * stride);
        float[] out = new float[6];
        DenseKernels.dot4(a, aOffset, b, bOffset, stride, n, out, 1);
        for (int j = 0; j < 4; j++) {
            double expected = 0;
            for (int i = 0; i < n; i++) {
                expected += (double) a[aOffset + i] * b[bOffset + j * stride + i];
            }
            assertThat(out[1 + j]).as("dot %d", j).isCloseTo((float) expected, within(1e-5f));
        }
        assertThat(out[0]).isZero();
        assertThat(out[5]).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 16, 64, 72, 100})
    void weightedRowsAddUpAsPlainLoops(int n) {
        SplittableRandom random = new SplittableRandom(n);
        int count = 37, stride = n + 3, mOffset = 1, yOffset = 4;
        float[] w = random(random, 2 + count), m = random(random, mOffset + count * stride), y = random(random, yOffset + n + 2);
        double[] expected = new double[y.length];
        for (int c = 0; c < y.length; c++) {
            expected[c] = y[c];
        }
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < count; i++) {
                expected[yOffset + c] += (double) w[2 + i] * m[mOffset + i * stride + c];
            }
        }
        DenseKernels.addWeightedRows(w, 2, count, m, mOffset, stride, y, yOffset, n);
        for (int c = 0; c < y.length; c++) {
            assertThat(y[c]).as("element %d", c).isCloseTo((float) expected[c], within(1e-5f));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 61, 256})
    void softmaxNumeratorsAreTheExponentialsAndTheirSum(int n) {
        float[] a = random(new SplittableRandom(n), n);
        for (int i = 0; i < n; i++) {
            a[i] *= 10;
        }
        float[] original = a.clone();
        float max = 3.5f;
        float sum = DenseKernels.softmaxNumerators(a, n, max);
        double expectedSum = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(original[i] - max);
            assertThat((double) a[i]).as("element %d", i).isCloseTo(e, within(2e-6 * Math.max(1, e)));
            expectedSum += e;
        }
        assertThat((double) sum).isCloseTo(expectedSum, within(1e-5 * expectedSum));
    }
}
