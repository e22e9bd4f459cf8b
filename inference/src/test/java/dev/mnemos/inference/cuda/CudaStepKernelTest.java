package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The decode step's bookkeeping kernels on a GPU: argmax and advance, softmax, KV append with its key bounds, and
 * Quest's top-K selection against a sort. Skipped, with the probe's reason, without a CUDA device.
 */
@ExtendWith(GpuContext.class)
class CudaStepKernelTest {

    @Test
    void should_take_the_first_largest_logit_and_feed_it_to_the_next_step(CudaContext gpu) {
        int n = 50_000;
        float[] logits = new float[n];
        Random random = new Random(1);
        for (int i = 0; i < n; i++) logits[i] = (float) random.nextGaussian();
        logits[31_337] = 9f;
        logits[40_000] = 9f; // a tie: the lower index wins, as on the CPU
        CUdeviceptr step = gpu.upload(new int[] {7, 10, 11, 0});
        CUdeviceptr history = gpu.upload(new int[16]);
        gpu.launch(gpu.function("tokens", "argmax"), 1, 1, 1024, gpu.upload(logits), n, step, history);
        gpu.launch(gpu.function("tokens", "advance"), 1, 1, 1, step, history);
        assertThat(gpu.downloadInts(history, 16)[11]).isEqualTo(31_337);
        assertThat(gpu.downloadInts(step, 4)).containsExactly(31_337, 11, 12, 0);
    }

    @Test
    void should_sum_to_one_when_softmax_runs_with_a_temperature(CudaContext gpu) {
        int n = 3000;
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) logits[i] = (i % 17) * 0.5f;
        CUdeviceptr d = gpu.upload(logits);
        gpu.launch(gpu.function("tokens", "softmax"), 1, 1, 1024, d, n, 0.7f);
        float[] p = gpu.download(d, n);
        double max = 0;
        for (float l : logits) max = Math.max(max, l / 0.7);
        double total = 0;
        for (float l : logits) total += Math.exp(l / 0.7 - max);
        for (int i = 0; i < n; i++) assertThat(p[i]).as("p[%d]", i).isCloseTo((float) (Math.exp(logits[i] / 0.7 - max) / total), within(1e-6f));
    }

    @Test
    void should_store_keys_and_widen_bounds_when_kv_append_writes_a_page(CudaContext gpu) {
        int kvHeads = 2, headSize = 64, pageSize = 16, maxPages = 3;
        int[] table = {5, 4, 3, 2, 1, 0}; // stream h's logical page i in physical page table[h * maxPages + i]
        int pool = 6 * pageSize * headSize;
        CUdeviceptr keys = gpu.allocate(pool * 4L), values = gpu.allocate(pool * 4L);
        CUdeviceptr min = gpu.allocate(6L * headSize * 4), max = gpu.allocate(6L * headSize * 4);
        CUdeviceptr pageTable = gpu.upload(table);
        Random random = new Random(2);
        float[][] written = new float[20][];
        for (int position = 0; position < 20; position++) {
            float[] k = new float[kvHeads * headSize];
            for (int i = 0; i < k.length; i++) k[i] = (float) random.nextGaussian();
            written[position] = k;
            CUdeviceptr step = gpu.upload(new int[] {0, position, position + 1, 0});
            CUdeviceptr dk = gpu.upload(k);
            gpu.launch(gpu.function("attention", "kv_append"), kvHeads, 1, 64, dk, dk, keys, values, min, max, pageTable, maxPages, step, headSize,
                    pageSize);
        }
        float[] k = gpu.download(keys, pool);
        float[] lo = gpu.download(min, 6 * headSize);
        float[] hi = gpu.download(max, 6 * headSize);
        for (int h = 0; h < kvHeads; h++) {
            for (int position = 0; position < 20; position++) {
                int physical = table[h * maxPages + position / pageSize];
                for (int d = 0; d < headSize; d++) {
                    assertThat(k[(physical * pageSize + position % pageSize) * headSize + d]).isEqualTo(written[position][h * headSize + d]);
                }
            }
            for (int logical = 0; logical < 2; logical++) {
                int physical = table[h * maxPages + logical];
                for (int d = 0; d < headSize; d++) {
                    float expectedMin = Float.POSITIVE_INFINITY, expectedMax = Float.NEGATIVE_INFINITY;
                    for (int position = logical * pageSize; position < Math.min(20, (logical + 1) * pageSize); position++) {
                        expectedMin = Math.min(expectedMin, written[position][h * headSize + d]);
                        expectedMax = Math.max(expectedMax, written[position][h * headSize + d]);
                    }
                    assertThat(lo[physical * headSize + d]).isEqualTo(expectedMin);
                    assertThat(hi[physical * headSize + d]).isEqualTo(expectedMax);
                }
            }
        }
    }

    @Test
    void should_select_the_top_budget_pages_per_head_like_a_sort(CudaContext gpu) {
        int heads = 4, pageSize = 16, maxPages = 2100, budget = 256;
        Random random = new Random(3);
        for (int numPages : new int[] {100, 256, 257, 2048}) {
            float[] scores = new float[heads * maxPages];
            for (int h = 0; h < heads; h++) {
                for (int p = 0; p < numPages; p++) scores[h * maxPages + p] = h == 1 ? random.nextInt(9) - 4 : (float) random.nextGaussian(); // head 1: many ties
                scores[h * maxPages + numPages - 1] = Float.POSITIVE_INFINITY;
            }
            CUdeviceptr step = gpu.upload(new int[] {0, numPages * pageSize - 1, numPages * pageSize, 0});
            CUdeviceptr selected = gpu.allocate((long) heads * budget * 4);
            gpu.launch(gpu.function("attention", "quest_select"), heads, 1, 256, gpu.upload(scores), maxPages, step, pageSize, budget, selected);
            int[] got = gpu.downloadInts(selected, heads * budget);
            int k = Math.min(budget, numPages);
            for (int h = 0; h < heads; h++) {
                float[] row = java.util.Arrays.copyOfRange(scores, h * maxPages, h * maxPages + numPages);
                int[] pages = java.util.Arrays.copyOfRange(got, h * budget, h * budget + k);
                assertThat(pages).as("%d pages, head %d", numPages, h).doesNotHaveDuplicates().contains(numPages - 1);
                assertThat(java.util.Arrays.stream(pages).allMatch(p -> p >= 0 && p < numPages)).isTrue();
                assertThat(QuestSelectModelTest.sortedScores(row, pages)).isEqualTo(QuestSelectModelTest.topScores(row, k));
            }
        }
    }
}
