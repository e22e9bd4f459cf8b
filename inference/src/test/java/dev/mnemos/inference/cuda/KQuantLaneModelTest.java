package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnemos.inference.gguf.GgmlType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scalar models of how matvec.cu's K-quant kernels share a super-block among a warp's 32 lanes (rows_q4_k,
 * rows_q6_k): each lane's bytes and values, in the kernel's own index arithmetic, summed over the lanes, must give
 * the CPU's dot product. Runs without a GPU; CudaMatrixKernelTest runs the kernels themselves.
 */
class KQuantLaneModelTest {

    @Test
    void should_cover_every_value_once_when_q4_k_lanes_split_a_super_block() {
        QuantizedRows m = QuantizedRows.of(GgmlType.Q4_K, 3, 512, 1);
        float[] x = gaussian(512, 2);
        for (int r = 0; r < m.rows(); r++) {
            double sum = 0;
            for (int lane = 0; lane < 32; lane++) sum += q4kLane(m.bytes(), r * 2 * 144, 2, lane, x);
            assertThat(sum).as("row %d", r).isCloseTo(m.dot(r, x, 0), within(1e-3));
        }
    }

    @Test
    void should_cover_every_value_once_when_q6_k_lanes_split_a_super_block() {
        QuantizedRows m = QuantizedRows.of(GgmlType.Q6_K, 3, 512, 3);
        float[] x = gaussian(512, 4);
        for (int r = 0; r < m.rows(); r++) {
            double sum = 0;
            for (int lane = 0; lane < 32; lane++) sum += q6kLane(m.bytes(), r * 2 * 210, 2, lane, x);
            assertThat(sum).as("row %d", r).isCloseTo(m.dot(r, x, 0), within(1e-3));
        }
    }

    /** rows_q4_k for one lane: chunk = lane / 8, bytes 32 chunk + 4 (lane % 8) .. +3 of each super-block. */
    private static double q4kLane(byte[] w, int row, int blocks, int lane, float[] x) {
        int chunk = lane >> 3;
        int l = (lane & 7) * 4;
        double acc = 0;
        for (int b = 0; b < blocks; b++) {
            int blk = row + b * 144;
            float d = half(w, blk), dmin = half(w, blk + 2);
            float[] low = scaleMin(w, blk + 4, 2 * chunk);
            float[] high = scaleMin(w, blk + 4, 2 * chunk + 1);
            int base = b * 256 + 64 * chunk + l;
            for (int i = 0; i < 4; i++) {
                int q = w[blk + 16 + 32 * chunk + l + i] & 0xFF;
                acc += d * low[0] * (q & 0x0F) * x[base + i] - dmin * low[1] * x[base + i];
                acc += d * high[0] * (q >> 4) * x[base + 32 + i] - dmin * high[1] * x[base + 32 + i];
            }
        }
        return acc;
    }

    /** scale_min_k4 of matvec.cu: {scale, min} of sub-block j. */
    private static float[] scaleMin(byte[] w, int s, int j) {
        if (j < 4) return new float[] {w[s + j] & 63, w[s + j + 4] & 63};
        return new float[] {(w[s + j + 4] & 0x0F) | (((w[s + j - 4] & 0xFF) >> 6) << 4), ((w[s + j + 4] & 0xFF) >> 4) | (((w[s + j] & 0xFF) >> 6) << 4)};
    }

    /** rows_q6_k for one lane: half h = lane / 16, l = 2 (lane % 16) and l + 1, all four groups. */
    private static double q6kLane(byte[] w, int row, int blocks, int lane, float[] x) {
        int h = lane >> 4;
        int l = (lane & 15) * 2;
        double acc = 0;
        for (int b = 0; b < blocks; b++) {
            int blk = row + b * 210;
            float d = half(w, blk + 208);
            int scales = blk + 192 + 8 * h + l / 16;
            for (int i = 0; i < 2; i++) {
                int low0 = w[blk + 64 * h + l + i] & 0xFF;
                int low1 = w[blk + 64 * h + 32 + l + i] & 0xFF;
                int high = w[blk + 128 + 32 * h + l + i] & 0xFF;
                int[] v = {((low0 & 0x0F) | ((high & 3) << 4)) - 32, ((low1 & 0x0F) | (((high >> 2) & 3) << 4)) - 32,
                        ((low0 >> 4) | (((high >> 4) & 3) << 4)) - 32, ((low1 >> 4) | (((high >> 6) & 3) << 4)) - 32};
                int base = b * 256 + 128 * h + l + i;
                for (int g = 0; g < 4; g++) acc += d * w[scales + 2 * g] * v[g] * x[base + 32 * g];
            }
        }
        return acc;
    }

    private static float half(byte[] w, int at) {
        return Float.float16ToFloat((short) ((w[at] & 0xFF) | (w[at + 1] << 8)));
    }

    private static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) random.nextGaussian();
        return values;
    }
}
