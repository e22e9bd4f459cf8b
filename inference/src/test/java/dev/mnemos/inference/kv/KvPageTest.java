package dev.mnemos.inference.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.kv.policy.FullPolicy;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paged cache's own bookkeeping: key bounds, rounds, offload and bring-back, pooling, truncation. */
class KvPageTest {

    static final KvLayout LAYOUT = new KvLayout(2, 4, 2, 4, 16);

    @TempDir
    Path folder;

    /** Writes {@code count} positions of random keys and values from the cache's length on; returns them (position, layer, kvDim). */
    static float[][][] write(PagedKvCache cache, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int kvDim = cache.layout().kvDim();
        float[][][] written = new float[count][cache.layout().layers()][2 * kvDim];
        int start = cache.length();
        for (int p = 0; p < count; p++) {
            for (int layer = 0; layer < cache.layout().layers(); layer++) {
                float[] row = written[p][layer];
                for (int i = 0; i < row.length; i++) row[i] = (float) random.nextGaussian();
                cache.write(layer, start + p, row, 0, row, kvDim);
            }
            cache.commit(start + p + 1);
        }
        return written;
    }

    @Test
    void should_keep_element_wise_key_bounds_per_page_and_kv_head_when_keys_are_written() {
        try (PagedKvCache cache = new PagedKvCache(LAYOUT, new FullPolicy())) {
            float[][][] written = write(cache, 40, 1);
            KvStream stream = cache.stream(1, 1);
            assertThat(stream.pageCount()).isEqualTo(3);
            assertThat(stream.tokens()).isEqualTo(40);
            for (int p = 0; p < 3; p++) {
                KvPage page = stream.page(p);
                for (int i = 0; i < 4; i++) {
                    float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
                    for (int slot = 0; slot < page.size(); slot++) {
                        int position = page.position(slot);
                        assertThat(position).isEqualTo(16 * p + slot);
                        float key = written[position][1][4 + i]; // kv head 1 of layer 1
                        assertThat(page.keys()[slot * 4 + i]).isEqualTo(key);
                        min = Math.min(min, key);
                        max = Math.max(max, key);
                    }
                    assertThat(page.min()[i]).isEqualTo(min);
                    assertThat(page.max()[i]).isEqualTo(max);
                }
            }
        }
    }

    @Test
    void should_give_each_round_pages_of_its_own_when_a_round_is_marked() {
        try (PagedKvCache cache = new PagedKvCache(LAYOUT, new FullPolicy())) {
            write(cache, 5, 1);
            cache.markRound();
            write(cache, 3, 2);
            KvStream stream = cache.stream(0, 0);
            assertThat(stream.pageCount()).isEqualTo(2);
            assertThat(stream.page(0).round(4)).isZero();
            assertThat(stream.page(1).round(0)).isEqualTo(1);
            assertThat(stream.page(1).position(0)).isEqualTo(5);
        }
    }

    @Test
    void should_bring_back_the_same_keys_and_values_when_pages_went_to_host_memory_and_then_to_disk() {
        int pageFloats = LAYOUT.pageSize() * LAYOUT.headSize();
        try (PagedKvCache cache = new PagedKvCache(LAYOUT, new FullPolicy(), new HostTier(pageFloats, 1), new DiskTier(pageFloats, folder))) {
            write(cache, 40, 3);
            KvStream stream = cache.stream(0, 1);
            float[] keys0 = stream.page(0).keys().clone(), values1 = stream.page(1).values().clone();
            long before = cache.residentBytes();
            cache.offload(stream.page(0)); // host memory: its one slot
            cache.offload(stream.page(1)); // host full: disk
            assertThat(stream.page(0).resident()).isFalse();
            assertThat(cache.residentBytes()).isEqualTo(before - 2 * LAYOUT.pageBytes());
            assertThat(cache.offloadedBytes()).isEqualTo(2 * LAYOUT.pageBytes());
            write(cache, 20, 4); // the freed storage serves new pages meanwhile
            cache.bringBack(stream.page(1));
            cache.bringBack(stream.page(0));
            assertThat(stream.page(0).keys()).startsWith(java.util.Arrays.copyOf(keys0, 16 * 4));
            assertThat(stream.page(1).values()).startsWith(java.util.Arrays.copyOf(values1, 16 * 4));
            assertThat(cache.offloadedBytes()).isZero();
        }
    }

    @Test
    void should_allocate_no_more_storage_when_positions_are_forgotten_and_written_again() {
        try (PagedKvCache cache = new PagedKvCache(LAYOUT, new FullPolicy())) {
            write(cache, 100, 5);
            long allocated = cache.allocatedBytes();
            cache.truncate(10);
            assertThat(cache.length()).isEqualTo(10);
            assertThat(cache.stream(1, 0).tokens()).isEqualTo(10);
            assertThat(cache.residentBytes()).isEqualTo(2L * 2 * LAYOUT.pageBytes()); // one page per (layer, kv head)
            write(cache, 90, 6);
            assertThat(cache.allocatedBytes()).isEqualTo(allocated);
            assertThat(cache.stream(1, 0).page(0).position(9)).isEqualTo(9);
        }
    }
}
