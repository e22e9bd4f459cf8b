package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The evicting policies' kernels and the F16 cache's on a GPU, against plain-Java references: evict_oldest,
 * evict_lightest, slot_weights, and kv_append_f16 with attention_partial_f16. Skipped, with the probe's reason,
 * without a CUDA device.
 */
@ExtendWith(GpuContext.class)
class CudaEvictionKernelTest {

    private static final int PAGE = 16;

    @Test
    void should_keep_the_sinks_and_the_window_when_evict_oldest_runs_after_each_step(CudaContext gpu) {
        int streams = 3, maxPages = 8, sinks = 4, window = 20;
        CUdeviceptr live = gpu.allocate((long) streams * maxPages * 4);
        gpu.fill(live, -1, (long) streams * maxPages);
        for (int position = 0; position < 100; position++) {
            CUdeviceptr step = gpu.upload(new int[] {0, position, position + 1, 0});
            gpu.launch(gpu.function("attention", "evict_oldest"), 1, 1, 128, live, streams, maxPages, step, PAGE, sinks + window, sinks);
        }
        int[] words = gpu.downloadInts(live, streams * maxPages);
        for (int stream = 0; stream < streams; stream++) {
            for (int position = 0; position < 100; position++) {
                boolean kept = (words[stream * maxPages + position / PAGE] >>> (position % PAGE) & 1) != 0;
                assertThat(kept).as("stream %d position %d", stream, position).isEqualTo(position < sinks || position >= 100 - window);
            }
        }
    }

    @Test
    void should_evict_the_lightest_token_older_than_the_recent_ones(CudaContext gpu) {
        int kvHeads = 2, maxPages = 4, length = 40, budget = 30, recent = 8;
        float[] mass = new float[kvHeads * maxPages * PAGE];
        Random random = new Random(5);
        for (int i = 0; i < mass.length; i++) mass[i] = random.nextFloat();
        int[] words = new int[kvHeads * maxPages];
        Arrays.fill(words, -1);
        CUdeviceptr live = gpu.upload(words);
        CUdeviceptr step = gpu.upload(new int[] {0, length - 1, length, 0});
        gpu.launch(gpu.function("attention", "evict_lightest"), kvHeads, 1, 256, live, gpu.upload(mass), maxPages, step, PAGE, budget, recent);
        int[] got = gpu.downloadInts(live, kvHeads * maxPages);
        for (int h = 0; h < kvHeads; h++) {
            // the reference: the length - budget lightest of the positions older than the recent ones go
            Integer[] older = new Integer[length - recent];
            for (int p = 0; p < older.length; p++) older[p] = p;
            final int head = h;
            Arrays.sort(older, (a, b) -> Float.compare(mass[head * maxPages * PAGE + a], mass[head * maxPages * PAGE + b]));
            java.util.Set<Integer> evicted = new java.util.HashSet<>(Arrays.asList(older).subList(0, length - budget));
            for (int position = 0; position < length; position++) {
                boolean kept = (got[h * maxPages + position / PAGE] >>> (position % PAGE) & 1) != 0;
                assertThat(kept).as("head %d position %d", h, position).isEqualTo(!evicted.contains(position));
            }
        }
    }

    @Test
    void should_give_each_kept_token_its_softmax_weight_summed_over_the_group_when_slot_weights_runs(CudaContext gpu) {
        int heads = 4, kvHeads = 2, headSize = 32, maxPages = 3, length = 40;
        Random random = new Random(9);
        float[] q = gaussian(random, heads * headSize);
        float[] k = gaussian(random, kvHeads * maxPages * PAGE * headSize); // physical page = kvHead * maxPages + logical
        int[] table = new int[kvHeads * maxPages];
        for (int i = 0; i < table.length; i++) table[i] = i;
        int[] words = new int[kvHeads * maxPages];
        Arrays.fill(words, -1);
        words[1] &= ~(1 << 3); // position 19 of KV head 0 evicted
        float scale = (float) (1 / Math.sqrt(headSize));
        float[] stats = new float[2 * heads];
        double[][] weights = new double[heads][length];
        for (int h = 0; h < heads; h++) {
            int kv = h / (heads / kvHeads);
            double m = Double.NEGATIVE_INFINITY, l = 0;
            for (int pos = 0; pos < length; pos++) {
                if (kv == 0 && pos == 19) continue;
                weights[h][pos] = dot(q, h * headSize, k, ((kv * maxPages + pos / PAGE) * PAGE + pos % PAGE) * headSize, headSize) * scale;
                m = Math.max(m, weights[h][pos]);
            }
            for (int pos = 0; pos < length; pos++) if (!(kv == 0 && pos == 19)) l += Math.exp(weights[h][pos] - m);
            for (int pos = 0; pos < length; pos++) weights[h][pos] = kv == 0 && pos == 19 ? 0 : Math.exp(weights[h][pos] - m) / l;
            stats[2 * h] = (float) m;
            stats[2 * h + 1] = (float) l;
        }
        CUdeviceptr last = gpu.allocate((long) kvHeads * maxPages * PAGE * 4), mass = gpu.allocate((long) kvHeads * maxPages * PAGE * 4);
        gpu.fill(mass, Float.floatToIntBits(1f), (long) kvHeads * maxPages * PAGE);
        gpu.launch(gpu.function("attention", "slot_weights"), 1, kvHeads, 128, gpu.upload(q), gpu.upload(k), gpu.upload(table), gpu.upload(words),
                maxPages, gpu.upload(new int[] {0, length - 1, length, 0}), heads, kvHeads, headSize, PAGE, scale, gpu.upload(stats), last, mass);
        float[] gotLast = gpu.download(last, kvHeads * maxPages * PAGE);
        float[] gotMass = gpu.download(mass, kvHeads * maxPages * PAGE);
        for (int kv = 0; kv < kvHeads; kv++) {
            for (int pos = 0; pos < length; pos++) {
                if (kv == 0 && pos == 19) continue; // not written
                double expected = weights[2 * kv][pos] + weights[2 * kv + 1][pos];
                int at = kv * maxPages * PAGE + pos;
                assertThat(gotLast[at]).as("KV head %d position %d", kv, pos).isCloseTo((float) expected, within(1e-5f));
                assertThat(gotMass[at]).isCloseTo((float) (1 + expected), within(1e-5f));
            }
        }
        assertThat(gotMass[19]).as("an evicted token gets no weight").isEqualTo(1f);
    }

    @Test
    void should_store_halves_and_attend_over_them_when_the_cache_is_f16(CudaContext gpu) {
        int heads = 4, kvHeads = 2, headSize = 64, maxPages = 3, length = 37;
        Random random = new Random(11);
        int[] table = new int[kvHeads * maxPages];
        for (int i = 0; i < table.length; i++) table[i] = table.length - 1 - i;
        CUdeviceptr pageTable = gpu.upload(table);
        long slots = (long) table.length * PAGE * headSize;
        CUdeviceptr keys = gpu.allocate(slots * 2), values = gpu.allocate(slots * 2);
        CUdeviceptr min = gpu.allocate((long) table.length * headSize * 4), max = gpu.allocate((long) table.length * headSize * 4);
        float[][] k = new float[length][], v = new float[length][];
        for (int pos = 0; pos < length; pos++) {
            k[pos] = gaussian(random, kvHeads * headSize);
            v[pos] = gaussian(random, kvHeads * headSize);
            gpu.launch(gpu.function("attention", "kv_append_f16"), kvHeads, 1, 64, gpu.upload(k[pos]), gpu.upload(v[pos]), keys, values, min, max,
                    pageTable, maxPages, gpu.upload(new int[] {0, pos, pos + 1, 0}), headSize, PAGE);
        }
        float[] q = gaussian(random, heads * headSize);
        int[] words = new int[kvHeads * maxPages];
        Arrays.fill(words, -1);
        int splits = 2;
        CUdeviceptr po = gpu.allocate((long) heads * splits * headSize * 4), pm = gpu.allocate(heads * splits * 4L), pl = gpu.allocate(heads * splits * 4L);
        CUdeviceptr out = gpu.allocate((long) heads * headSize * 4), stats = gpu.allocate(2L * heads * 4);
        float scale = (float) (1 / Math.sqrt(headSize));
        CUdeviceptr step = gpu.upload(new int[] {0, length - 1, length, 0});
        gpu.launch(gpu.function("attention", "attention_partial_f16"), heads, splits, 128, gpu.upload(q), keys, values, pageTable, maxPages,
                gpu.allocate(4), 0, gpu.upload(words), step, heads, kvHeads, headSize, PAGE, scale, po, pm, pl);
        gpu.launch(gpu.function("attention", "attention_combine"), heads, 1, 64, po, pm, pl, out, splits, headSize, stats);
        float[] got = gpu.download(out, heads * headSize);
        for (int h = 0; h < heads; h++) {
            int kv = h / (heads / kvHeads);
            double[] s = new double[length];
            double m = Double.NEGATIVE_INFINITY, l = 0;
            for (int pos = 0; pos < length; pos++) {
                double d = 0;
                for (int i = 0; i < headSize; i++) d += q[h * headSize + i] * half(k[pos][kv * headSize + i]);
                s[pos] = d * scale;
                m = Math.max(m, s[pos]);
            }
            for (int pos = 0; pos < length; pos++) l += Math.exp(s[pos] - m);
            for (int i = 0; i < headSize; i++) {
                double o = 0;
                for (int pos = 0; pos < length; pos++) o += Math.exp(s[pos] - m) / l * half(v[pos][kv * headSize + i]);
                assertThat(got[h * headSize + i]).as("head %d value %d", h, i).isCloseTo((float) o, within(1e-4f));
            }
        }
        // the bounds are those of the stored (rounded) keys
        float[] lo = gpu.download(min, table.length * headSize);
        float expected = Float.POSITIVE_INFINITY;
        for (int pos = 0; pos < PAGE; pos++) expected = Math.min(expected, half(k[pos][0]));
        assertThat(lo[table[0] * headSize]).isEqualTo(expected);
    }

    private static float half(float value) {
        return Float.float16ToFloat(Float.floatToFloat16(value));
    }

    private static double dot(float[] a, int ao, float[] b, int bo, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += a[ao + i] * b[bo + i];
        return sum;
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) random.nextGaussian();
        return values;
    }
}
