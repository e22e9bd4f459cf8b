package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.gguf.GgmlType;
import dev.mnemos.inference.gguf.RandomModel;
import dev.mnemos.inference.kv.KvPrecision;
import dev.mnemos.inference.model.Model;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a GPU: a KV cache whose evicted pages go back to a pool of the policy's size computes what the cache of a page
 * for every logical page computes, bit for bit (the same kernels over the same logical pages, only elsewhere in
 * device memory), decoding step by step and greedily inside the graph, and prefilling in tiles that evict.
 */
@ExtendWith(GpuContext.class)
class CudaPagedKvTest {

    private static final int PAGE = 16;
    private static final int TOKENS = 400;

    @Test
    void should_decode_as_the_full_cache_does_when_evicted_pages_are_freed_and_reused(CudaContext gpu, @TempDir Path dir) throws Exception {
        Path file = model(dir);
        int[] text = new SplittableRandom(4).ints(TOKENS, 0, 256).toArray();
        DeviceEviction eviction = DeviceEviction.sinksAndWindow(4, 44);
        try (Model model = Model.open(file)) {
            int streams = model.shape().blockCount() * model.shape().headCountKv();
            int pool = DevicePager.pool(eviction, streams, DeviceKv.pages(TOKENS, PAGE), PAGE, 0);
            try (CudaTransformer full = new CudaTransformer(gpu, model, TOKENS, PAGE, 0);
                 CudaTransformer pooled = new CudaTransformer(gpu, model, TOKENS, PAGE, 0, KvPrecision.F32, MatrixLayout.BLOCKS, pool)) {
                full.keep(eviction);
                pooled.keep(eviction);
                assertThat(pooled.kv().table().capacity()).isEqualTo(pool).isLessThan(full.kv().table().capacity() / 3);
                int half = TOKENS / 2;
                for (int p = 0; p < half; p++) {
                    float[] expected = full.forward(text[p], p, AttentionMode.DENSE, true);
                    assertThat(pooled.forward(text[p], p, AttentionMode.DENSE, true)).as("position %d", p).containsExactly(expected);
                }
                full.at(text[half], half);
                full.generate(TOKENS - half - 1, AttentionMode.DENSE);
                pooled.at(text[half], half);
                pooled.generate(TOKENS - half - 1, AttentionMode.DENSE);
                assertThat(pooled.history(TOKENS)).containsExactly(full.history(TOKENS));
                assertThat(pooled.kv().table().resident()).isLessThanOrEqualTo(pool);
            }
        }
    }

    @Test
    void should_prefill_in_evicting_tiles_as_the_full_cache_does_in_a_pool_the_prompt_does_not_enlarge(CudaContext gpu, @TempDir Path dir)
            throws Exception {
        int[] text = new SplittableRandom(6).ints(TOKENS, 0, 256).toArray();
        int prompt = 300;
        DeviceEviction eviction = DeviceEviction.sinksAndWindow(4, 44);
        try (Model model = Model.open(model(dir))) {
            int streams = model.shape().blockCount() * model.shape().headCountKv();
            int pool = DevicePager.pool(eviction, streams, DeviceKv.pages(TOKENS, PAGE), PAGE, prompt);
            try (CudaTransformer full = new CudaTransformer(gpu, model, TOKENS, PAGE, 0);
                 CudaTransformer pooled = new CudaTransformer(gpu, model, TOKENS, PAGE, 0, KvPrecision.F32, MatrixLayout.BLOCKS, pool)) {
                full.keep(eviction);
                pooled.keep(eviction);
                assertThat(pooled.prefill(text, 0, prompt, 0, true)).containsExactly(full.prefill(text, 0, prompt, 0, true));
                assertThat(pooled.kv().table().resident()).isLessThanOrEqualTo(pool).isLessThan(streams * DeviceKv.pages(prompt, PAGE));
                int[] words = full.kv().liveWords();
                int maxPages = full.kv().maxPages(), kept = 0;
                for (int stream = 0; stream < streams; stream++) {
                    for (int position = 0; position < prompt; position++) kept += words[stream * maxPages + position / PAGE] >>> (position % PAGE) & 1;
                }
                assertThat(kept).as("each stream keeps the budget once the tiles have evicted").isEqualTo(streams * 48);
                for (int p = prompt; p < TOKENS; p++) {
                    float[] expected = full.forward(text[p], p, AttentionMode.DENSE, true);
                    assertThat(pooled.forward(text[p], p, AttentionMode.DENSE, true)).as("position %d", p).containsExactly(expected);
                }
            }
        }
    }

    private static Path model(Path dir) throws java.io.IOException {
        Path file = dir.resolve("paged.gguf");
        RandomModel.builder().architecture("llama").embeddingLength(128).blockCount(2).headCount(4).headCountKv(2).feedForwardLength(256)
                .vocabularySize(256).contextLength(1024).weightType(GgmlType.Q8_0).seed(21).build().write(file);
        return file;
    }
}
