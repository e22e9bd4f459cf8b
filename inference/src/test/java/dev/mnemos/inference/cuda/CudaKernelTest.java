package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kernels on a real GPU against plain-Java references written here. Skipped, with the
 * probe's reason, where there is no CUDA device: never passed without running.
 */
@ExtendWith(GpuContext.class)
class CudaKernelTest {

    @Test
    void should_match_the_reference_when_matvec_runs_on_f32_f16_q8_0_and_q4_0(CudaContext gpu) {
        Random random = new Random(7);
        int rows = 300; // not a multiple of the 8 rows a block takes
        int cols = 1024;
        float[] x = gaussian(random, cols);
        float[] dense = gaussian(random, rows * cols);
        check(gpu, "matvec_f32", floatBytes(dense), dense, rows, cols, x);

        byte[] f16 = new byte[rows * cols * 2];
        float[] f16Values = new float[rows * cols];
        for (int i = 0; i < dense.length; i++) {
            short h = Float.floatToFloat16(dense[i]);
            f16[2 * i] = (byte) h;
            f16[2 * i + 1] = (byte) (h >> 8);
            f16Values[i] = Float.float16ToFloat(h);
        }
        check(gpu, "matvec_f16", f16, f16Values, rows, cols, x);

        byte[] q8 = new byte[rows * cols / 32 * 34];
        random.nextBytes(q8);
        float[] q8Values = new float[rows * cols];
        for (int b = 0; b < rows * cols / 32; b++) {
            float d = writeScale(q8, b * 34, 0.01f + random.nextFloat() * 0.05f);
            for (int j = 0; j < 32; j++) {
                q8Values[b * 32 + j] = q8[b * 34 + 2 + j] * d;
            }
        }
        check(gpu, "matvec_q8_0", q8, q8Values, rows, cols, x);

        byte[] q4 = new byte[rows * cols / 32 * 18];
        random.nextBytes(q4);
        float[] q4Values = new float[rows * cols];
        for (int b = 0; b < rows * cols / 32; b++) {
            float d = writeScale(q4, b * 18, 0.05f + random.nextFloat() * 0.1f);
            for (int j = 0; j < 16; j++) {
                int q = q4[b * 18 + 2 + j] & 0xFF;
                q4Values[b * 32 + j] = ((q & 0x0F) - 8) * d;
                q4Values[b * 32 + j + 16] = ((q >> 4) - 8) * d;
            }
        }
        check(gpu, "matvec_q4_0", q4, q4Values, rows, cols, x);
    }

    @Test
    void should_match_the_reference_when_rmsnorm_swiglu_residual_and_rope_run(CudaContext gpu) {
        Random random = new Random(11);
        int n = 896;
        float[] x = gaussian(random, n);
        float[] w = gaussian(random, n);
        CUdeviceptr y = gpu.allocate(n * 4L);
        gpu.launch(gpu.function("norm", "rmsnorm"), 1, 1, 256, gpu.upload(x), gpu.upload(w), y, n, 1e-6f);
        double ss = 0;
        for (float v : x) ss += v * v;
        float scale = (float) (1 / Math.sqrt(ss / n + 1e-6));
        float[] norm = gpu.download(y, n);
        for (int i = 0; i < n; i++) assertThat(norm[i]).as("rmsnorm[%d]", i).isCloseTo(x[i] * scale * w[i], within(5e-4f));

        CUdeviceptr out = gpu.allocate(n * 4L);
        gpu.launch(gpu.function("activation", "swiglu"), (n + 255) / 256, 1, 256, gpu.upload(x), gpu.upload(w), out, n);
        float[] act = gpu.download(out, n);
        for (int i = 0; i < n; i++) {
            float silu = (float) (x[i] / (1 + Math.exp(-x[i])));
            assertThat(act[i]).as("swiglu[%d]", i).isCloseTo(silu * w[i], within(1e-4f));
        }

        CUdeviceptr sum = gpu.upload(x);
        gpu.launch(gpu.function("activation", "residual_add"), (n + 255) / 256, 1, 256, sum, gpu.upload(w), n);
        float[] added = gpu.download(sum, n);
        for (int i = 0; i < n; i++) assertThat(added[i]).isEqualTo(x[i] + w[i]);

        int heads = 14;
        int headSize = 64;
        int pairs = 32;
        int position = 30_000;
        double[] inv = new double[pairs];
        for (int i = 0; i < pairs; i++) inv[i] = Math.pow(1_000_000.0, -2.0 * i / (2 * pairs));
        CUdeviceptr step = gpu.upload(new int[] {0, position, position + 1, 0});
        for (int neox = 0; neox <= 1; neox++) {
            float[] q = gaussian(random, heads * headSize);
            CUdeviceptr dq = gpu.upload(q);
            gpu.launch(gpu.function("rope", "rope"), (heads * pairs + 127) / 128, 1, 128, dq, gpu.upload(inv), heads, headSize, pairs, step, neox);
            float[] rotated = gpu.download(dq, q.length);
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < pairs; i++) {
                    int a = h * headSize + (neox == 1 ? i : 2 * i);
                    int b = h * headSize + (neox == 1 ? i + pairs : 2 * i + 1);
                    double angle = position * inv[i]; // in double, as the CPU's Rope and the kernel form it
                    float c = (float) Math.cos(angle);
                    float s = (float) Math.sin(angle);
                    assertThat(rotated[a]).as("rope neox=%d head %d pair %d", neox, h, i).isCloseTo(q[a] * c - q[b] * s, within(1e-5f));
                    assertThat(rotated[b]).isCloseTo(q[a] * s + q[b] * c, within(1e-5f));
                }
            }
        }
    }

    @Test
    void should_match_dense_softmax_attention_when_pages_are_split_across_blocks(CudaContext gpu) {
        Random random = new Random(13);
        int heads = 8;
        int kvHeads = 2;
        int headSize = 128;
        int pageSize = 16;
        int pages = 37;
        int lastTokens = 5; // the last page is partial
        int length = (pages - 1) * pageSize + lastTokens;
        int maxPages = pages + 4; // the table is wider than what is filled
        int physical = kvHeads * maxPages;
        float[] k = gaussian(random, physical * pageSize * headSize);
        float[] v = gaussian(random, physical * pageSize * headSize);
        float[] q = gaussian(random, heads * headSize);
        // Each KV head's stream gets its own shuffled physical pages, as after offloads and restores.
        int[] pageIds = new int[kvHeads * maxPages];
        for (int i = 0; i < pageIds.length; i++) pageIds[i] = (i * 17 + 3) % physical; // 17 is prime to physical: a permutation
        int[] tokens = new int[pages];
        java.util.Arrays.fill(tokens, pageSize);
        tokens[pages - 1] = lastTokens;
        float scale = (float) (1 / Math.sqrt(headSize));
        CUdeviceptr step = gpu.upload(new int[] {0, length - 1, length, 0});
        CUdeviceptr stats = gpu.allocate(2L * heads * 4);
        int[] allSlots = new int[kvHeads * maxPages];
        java.util.Arrays.fill(allSlots, -1);
        CUdeviceptr everyTokenKept = gpu.upload(allSlots);

        for (int splits : new int[] {1, 5, 64}) {
            CUdeviceptr po = gpu.allocate((long) heads * splits * headSize * 4);
            CUdeviceptr pm = gpu.allocate((long) heads * splits * 4);
            CUdeviceptr pl = gpu.allocate((long) heads * splits * 4);
            CUdeviceptr out = gpu.allocate((long) heads * headSize * 4);
            gpu.launch(gpu.function("attention", "attention_partial"), heads, splits, 128, gpu.upload(q), gpu.upload(k), gpu.upload(v),
                    gpu.upload(pageIds), maxPages, gpu.allocate(4), 0, everyTokenKept, step, heads, kvHeads, headSize, pageSize, scale, po, pm, pl);
            gpu.launch(gpu.function("attention", "attention_combine"), heads, 1, 128, po, pm, pl, out, splits, headSize, stats);
            float[] got = gpu.download(out, heads * headSize);
            for (int h = 0; h < heads; h++) {
                int kv = h / (heads / kvHeads);
                double[] weights = new double[pages * pageSize];
                double max = Double.NEGATIVE_INFINITY;
                int t = 0;
                for (int p = 0; p < pages; p++) {
                    for (int s = 0; s < tokens[p]; s++, t++) {
                        int base = (pageIds[kv * maxPages + p] * pageSize + s) * headSize;
                        double dot = 0;
                        for (int d = 0; d < headSize; d++) dot += q[h * headSize + d] * k[base + d];
                        weights[t] = dot * scale;
                        max = Math.max(max, weights[t]);
                    }
                }
                double total = 0;
                for (int i = 0; i < t; i++) total += weights[i] = Math.exp(weights[i] - max);
                for (int d = 0; d < headSize; d++) {
                    double o = 0;
                    int i = 0;
                    for (int p = 0; p < pages; p++) {
                        for (int s = 0; s < tokens[p]; s++, i++) o += weights[i] * v[(pageIds[kv * maxPages + p] * pageSize + s) * headSize + d];
                    }
                    assertThat(got[h * headSize + d]).as("splits %d head %d dim %d", splits, h, d).isCloseTo((float) (o / total), within(1e-3f));
                }
            }
        }
    }

    @Test
    void should_bound_every_key_of_a_page_when_quest_scores_it(CudaContext gpu) {
        Random random = new Random(17);
        int heads = 4;
        int kvHeads = 2;
        int headSize = 64;
        int pageSize = 16;
        int pages = 50;
        float[] k = gaussian(random, kvHeads * pages * pageSize * headSize);
        float[] q = gaussian(random, heads * headSize);
        float[] min = new float[kvHeads * pages * headSize];
        float[] max = new float[kvHeads * pages * headSize];
        int[] pageIds = new int[kvHeads * pages];
        for (int p = 0; p < pageIds.length; p++) {
            pageIds[p] = p;
            for (int d = 0; d < headSize; d++) {
                min[p * headSize + d] = Float.POSITIVE_INFINITY;
                max[p * headSize + d] = Float.NEGATIVE_INFINITY;
                for (int s = 0; s < pageSize; s++) {
                    float value = k[(p * pageSize + s) * headSize + d];
                    min[p * headSize + d] = Math.min(min[p * headSize + d], value);
                    max[p * headSize + d] = Math.max(max[p * headSize + d], value);
                }
            }
        }
        CUdeviceptr scores = gpu.allocate((long) heads * pages * 4);
        CUdeviceptr step = gpu.upload(new int[] {0, pages * pageSize - 1, pages * pageSize, 0});
        gpu.launch(gpu.function("attention", "quest_score"), (pages + 3) / 4, heads, 128, gpu.upload(q), gpu.upload(min), gpu.upload(max),
                gpu.upload(pageIds), pages, step, heads, kvHeads, headSize, pageSize, scores);
        float[] got = gpu.download(scores, heads * pages);
        for (int h = 0; h < heads; h++) {
            int kv = h / (heads / kvHeads);
            for (int p = 0; p < pages; p++) {
                int page = kv * pages + p;
                double bound = 0;
                double best = Double.NEGATIVE_INFINITY;
                for (int d = 0; d < headSize; d++) bound += Math.max(q[h * headSize + d] * min[page * headSize + d], q[h * headSize + d] * max[page * headSize + d]);
                for (int s = 0; s < pageSize; s++) {
                    double dot = 0;
                    for (int d = 0; d < headSize; d++) dot += q[h * headSize + d] * k[(page * pageSize + s) * headSize + d];
                    best = Math.max(best, dot);
                }
                if (p == pages - 1) {
                    assertThat(got[h * pages + p]).as("the query's own page is always taken").isEqualTo(Float.POSITIVE_INFINITY);
                    continue;
                }
                assertThat(got[h * pages + p]).as("head %d page %d", h, p).isCloseTo((float) bound, within(1e-3f));
                assertThat((double) got[h * pages + p]).isGreaterThanOrEqualTo(best - 1e-3);
            }
        }
    }

    @Test
    void should_reach_device_bandwidth_when_q8_0_matvec_streams_a_large_matrix(CudaContext gpu) {
        // 32768 x 8192 Q8_0 is 285 MB, several times the H200's 50 MB L2, so the timing is HBM's.
        int rows = 32_768;
        int cols = 8_192;
        long bytes = (long) rows * cols / 32 * 34;
        byte[] w = new byte[(int) bytes];
        new Random(19).nextBytes(w);
        for (int b = 0; b < rows * cols / 32; b++) writeScale(w, b * 34, 0.02f);
        float[] x = gaussian(new Random(23), cols);
        CUdeviceptr dw = gpu.upload(w);
        CUdeviceptr dx = gpu.upload(x);
        CUdeviceptr dy = gpu.allocate(rows * 4L);
        CUfunction kernel = gpu.function("matvec", "matvec_q8_0");
        int warps = 8;
        for (int i = 0; i < 5; i++) gpu.launch(kernel, rows / warps, 1, 32 * warps, dw, dx, dy, rows, cols, 1);
        gpu.synchronize();
        int runs = 50;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) gpu.launch(kernel, rows / warps, 1, 32 * warps, dw, dx, dy, rows, cols, 1);
        gpu.synchronize();
        double seconds = (System.nanoTime() - start) / 1e9 / runs;
        double gbPerSecond = bytes / seconds / 1e9;
        System.out.printf("[cuda] matvec_q8_0 %dx%d: %.1f us per call, %.0f GB/s%n", rows, cols, seconds * 1e6, gbPerSecond);
        float[] y = gpu.download(dy, rows);
        for (int row : new int[] {0, 1, rows / 2, rows - 1}) {
            double expected = 0;
            for (int j = 0; j < cols; j++) expected += w[row * (cols / 32) * 34 + (j / 32) * 34 + 2 + j % 32] * 0.02f * (double) x[j];
            assertThat(y[row]).as("row %d", row).isCloseTo((float) expected, within(1e-2f + 1e-4f * (float) Math.abs(expected)));
        }
        // A lower bound that only a broken launch misses; the 70% goal is read off the printed number.
        assertThat(gbPerSecond).isGreaterThan(100);
    }

    private static void check(CudaContext gpu, String kernel, byte[] weights, float[] values, int rows, int cols, float[] x) {
        CUdeviceptr y = gpu.allocate(rows * 4L);
        int warps = 8;
        gpu.launch(gpu.function("matvec", kernel), (rows + warps - 1) / warps, 1, 32 * warps, gpu.upload(weights), gpu.upload(x), y, rows, cols, 1);
        float[] got = gpu.download(y, rows);
        for (int r = 0; r < rows; r++) {
            double expected = 0;
            for (int j = 0; j < cols; j++) expected += values[r * cols + j] * (double) x[j];
            assertThat(got[r]).as("%s row %d", kernel, r).isCloseTo((float) expected, within(1e-3f * (float) Math.max(1, Math.abs(expected))));
        }
    }

    /** Writes the f16 of the scale at offset and returns the value the kernel will read back. */
    private static float writeScale(byte[] block, int offset, float scale) {
        short h = Float.floatToFloat16(scale);
        block[offset] = (byte) h;
        block[offset + 1] = (byte) (h >> 8);
        return Float.float16ToFloat(h);
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) random.nextGaussian();
        return values;
    }

    private static byte[] floatBytes(float[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }
}
