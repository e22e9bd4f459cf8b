package dev.mnemos.inference.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkedSoftmaxTest {

    @Test
    void should_be_within_two_ulp_of_the_exponential_from_zero_down_to_where_floats_stay_normal() {
        for (float x = 0f; x > -87.3f; x = Math.nextDown(x) - 1e-4f * (1 - x)) {
            double exact = Math.exp(x);
            assertThat((double) ChunkedSoftmax.exp(x)).as("exp(%s)", x).isCloseTo(exact, org.assertj.core.data.Offset.offset(2.0 * Math.ulp((float) exact)));
        }
        assertThat(ChunkedSoftmax.exp(0f)).isEqualTo(1f);
    }

    @Test
    void should_merge_chunks_into_the_softmax_of_all_the_scores() {
        SplittableRandom random = new SplittableRandom(2);
        int keys = 150, headSize = 8, chunks = ChunkedSoftmax.chunks(keys);
        float[] scores = new float[keys];
        float[][] values = new float[keys][headSize];
        for (int s = 0; s < keys; s++) {
            scores[s] = (float) random.nextDouble(-20, 20);
            for (int i = 0; i < headSize; i++) values[s][i] = (float) random.nextDouble(-1, 1);
        }
        float[] att = scores.clone(), maxes = new float[chunks], weights = new float[chunks], sums = new float[chunks * headSize];
        for (int c = 0; c < chunks; c++) {
            int first = c * ChunkedSoftmax.CHUNK, count = Math.min(ChunkedSoftmax.CHUNK, keys - first);
            maxes[c] = ChunkedSoftmax.max(att, first, count);
            weights[c] = ChunkedSoftmax.exponentiate(att, first, count, maxes[c]);
            for (int s = first; s < first + count; s++) DenseKernels.axpy(att[s], values[s], 0, sums, c * headSize, headSize);
        }
        float[] out = new float[headSize + 2];
        ChunkedSoftmax.merge(maxes, weights, 0, 1, chunks, sums, 0, headSize, out, 1, headSize);

        double max = Double.NEGATIVE_INFINITY, total = 0;
        for (float score : scores) max = Math.max(max, score);
        double[] expected = new double[headSize];
        for (int s = 0; s < keys; s++) {
            double e = Math.exp(scores[s] - max);
            total += e;
            for (int i = 0; i < headSize; i++) expected[i] += e * values[s][i];
        }
        for (int i = 0; i < headSize; i++) {
            assertThat((double) out[1 + i]).isCloseTo(expected[i] / total, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(out[0]).isZero();
        assertThat(out[headSize + 1]).isZero();
    }
}
