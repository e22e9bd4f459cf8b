package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The device KV pool under an evicting policy, without a GPU: long generations against a model of what evict_oldest
 * and evict_lightest (attention.cu) do to the live words after each step, with the host's pager mapping each page a
 * step opens and taking back the emptied ones. Memory stays within {@link DevicePager#pool}, and no page that still
 * keeps a token loses its device page.
 */
class DevicePagerTest {

    private static final int PAGE = 16;
    private static final int STREAMS = 6;
    private static final int CONTEXT = 4096;
    private static final int MAX_PAGES = CONTEXT / PAGE;

    @Test
    void should_hold_the_window_and_the_sinks_not_the_context_when_sinks_and_a_window_evict_through_a_long_generation() {
        DeviceEviction eviction = DeviceEviction.sinksAndWindow(4, 60);
        int pool = DevicePager.pool(eviction, STREAMS, MAX_PAGES, PAGE, 0);
        assertThat(pool).as("the sinks' page, the window's five at most (a prefill tile may open a page anywhere), the page being opened")
                .isEqualTo(STREAMS * 7);
        int held = generate(eviction, pool, 0, CONTEXT, null);
        assertThat(held).as("decoding opens pages on their boundary, where the window holds four").isEqualTo(STREAMS * 6);
    }

    @Test
    void should_stay_within_the_pool_when_heavy_hitters_keep_scattered_tokens() {
        DeviceEviction eviction = DeviceEviction.heavyHitters(40, 32);
        int pool = DevicePager.pool(eviction, STREAMS, MAX_PAGES, PAGE, 0);
        assertThat(pool).as("each heavy token on a page of its own, the recent window, the page being opened").isEqualTo(STREAMS * (40 + 2 + 1));
        SplittableRandom random = new SplittableRandom(3);
        float[] mass = new float[STREAMS * MAX_PAGES * PAGE];
        for (int i = 0; i < mass.length; i++) mass[i] = (float) random.nextDouble();
        int held = generate(eviction, pool, 0, CONTEXT, mass);
        assertThat(held).isLessThanOrEqualTo(pool);
        assertThat(pool).isLessThan(STREAMS * MAX_PAGES / 5);
    }

    @Test
    void should_give_the_prompts_pages_back_once_decoding_evicts_when_heavy_hitters_prefilled_the_prompt_whole() {
        DeviceEviction eviction = DeviceEviction.heavyHitters(40, 32);
        int prompt = 1000;
        int pool = DevicePager.pool(eviction, STREAMS, MAX_PAGES, PAGE, prompt);
        assertThat(pool).as("heavy hitters' tiles evict nothing: the prompt's 63 pages and the one the first step opens").isEqualTo(STREAMS * (63 + 1));
        PageTable table = new PageTable(STREAMS, MAX_PAGES, pool);
        DevicePager pager = new DevicePager(table, PAGE);
        int[] live = fresh();
        assertThat(pager.write(0, prompt, () -> live)).isTrue();
        assertThat(table.resident()).isEqualTo(STREAMS * 63);
        float[] mass = new float[STREAMS * MAX_PAGES * PAGE];
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < mass.length; i++) mass[i] = (float) random.nextDouble();
        for (int p = prompt; p < CONTEXT; p++) {
            pager.write(p, p + 1, () -> live);
            assertKeptPagesMapped(table, live, p + 1);
            evictLightest(live, mass, p + 1, 72, 32);
        }
        assertThat(table.resident()).as("after the prompt, the heavy tokens' and the recent window's pages only").isLessThanOrEqualTo(STREAMS * 43);
    }

    @Test
    void should_hold_the_window_not_the_prompt_when_sinks_and_a_window_evict_after_each_prefill_tile() {
        DeviceEviction eviction = DeviceEviction.sinksAndWindow(4, 60);
        int prompt = 1000;
        int pool = DevicePager.pool(eviction, STREAMS, MAX_PAGES, PAGE, prompt);
        assertThat(pool).as("whatever the prompt").isEqualTo(DevicePager.pool(eviction, STREAMS, MAX_PAGES, PAGE, 0));
        PageTable table = new PageTable(STREAMS, MAX_PAGES, pool);
        DevicePager pager = new DevicePager(table, PAGE);
        int[] live = fresh();
        int held = 0;
        for (int from = 3; from < prompt; from += DeviceMatrix.TILE) { // tiles that open pages off their boundary, as a reused prefix leaves them
            int to = Math.min(prompt, from + DeviceMatrix.TILE);
            if (from == 3) pager.write(0, 3, () -> live);
            pager.write(from, to, () -> live);
            assertKeptPagesMapped(table, live, to);
            held = Math.max(held, table.resident());
            evictOldest(live, to, 64, 4); // after the tile, at its last token's length
        }
        for (int p = prompt; p < CONTEXT; p++) {
            pager.write(p, p + 1, () -> live);
            assertKeptPagesMapped(table, live, p + 1);
            held = Math.max(held, table.resident());
            evictOldest(live, p + 1, 64, 4);
        }
        assertThat(held).isLessThanOrEqualTo(pool).isGreaterThan(STREAMS * 6);
    }

    private static int[] fresh() {
        int[] live = new int[STREAMS * MAX_PAGES];
        Arrays.fill(live, DevicePager.liveMask(PAGE));
        return live;
    }

    @Test
    void should_run_out_with_a_clear_message_when_nothing_is_evicted() {
        PageTable table = new PageTable(STREAMS, MAX_PAGES, STREAMS * 7);
        DevicePager pager = new DevicePager(table, PAGE);
        int[] live = new int[STREAMS * MAX_PAGES];
        Arrays.fill(live, DevicePager.liveMask(PAGE));
        assertThatThrownBy(() -> {
            for (int p = 0; p < CONTEXT; p++) pager.write(p, p + 1, () -> live);
        }).hasMessageContaining("no free device page for page 7 of stream 0").hasMessageContaining("all 42 pages of the pool are in use");
    }

    @Test
    void should_read_the_live_words_only_when_a_step_opens_a_page() {
        PageTable table = new PageTable(STREAMS, MAX_PAGES, STREAMS * 4);
        DevicePager pager = new DevicePager(table, PAGE);
        int[] reads = {0};
        int[] live = new int[STREAMS * MAX_PAGES];
        Arrays.fill(live, DevicePager.liveMask(PAGE));
        for (int p = 0; p < 3 * PAGE; p++) {
            pager.write(p, p + 1, () -> {
                reads[0]++;
                return live;
            });
        }
        assertThat(reads[0]).isEqualTo(3);
        assertThat(DevicePager.pool(DeviceEviction.NONE, STREAMS, MAX_PAGES, PAGE, 10)).as("nothing evicted: every page").isEqualTo(STREAMS * MAX_PAGES);
        assertThat(DevicePager.pool(DeviceEviction.sinksAndWindow(4, 60), STREAMS, 3, PAGE, 0)).as("never more than the table").isEqualTo(STREAMS * 3);
        assertThat(DevicePager.liveMask(32)).isEqualTo(-1);
        assertThat(DevicePager.liveMask(16)).isEqualTo(0xffff);
    }

    /** Decodes positions from .. to - 1 one step at a time; returns the most device pages held. */
    private static int generate(DeviceEviction eviction, int pool, int from, int to, float[] mass) {
        PageTable table = new PageTable(STREAMS, MAX_PAGES, pool);
        DevicePager pager = new DevicePager(table, PAGE);
        int[] live = new int[STREAMS * MAX_PAGES];
        Arrays.fill(live, DevicePager.liveMask(PAGE));
        int held = 0;
        for (int p = from; p < to; p++) {
            pager.write(p, p + 1, () -> live);
            assertKeptPagesMapped(table, live, p + 1);
            held = Math.max(held, table.resident());
            if (eviction.kind() == DeviceEviction.Kind.OLDEST) evictOldest(live, p + 1, eviction.budget(), eviction.bound());
            else evictLightest(live, mass, p + 1, eviction.budget(), eviction.bound());
        }
        return held;
    }

    /** Every page with a kept token up to the length has a device page of its own, and no two share one. */
    private static void assertKeptPagesMapped(PageTable table, int[] live, int length) {
        Set<Integer> used = new HashSet<>();
        for (int stream = 0; stream < STREAMS; stream++) {
            for (int logical = 0; logical * PAGE < length; logical++) {
                int physical = table.physical(stream, logical);
                if ((live[table.index(stream, logical)] & DevicePager.liveMask(PAGE)) != 0) {
                    assertThat(physical).as("page %d of stream %d keeps tokens at length %d", logical, stream, length).isGreaterThanOrEqualTo(0);
                }
                if (physical >= 0) assertThat(used.add(physical)).as("physical page %d mapped twice", physical).isTrue();
            }
        }
    }

    private static boolean kept(int[] live, int stream, int position) {
        return (live[stream * MAX_PAGES + position / PAGE] >>> (position % PAGE) & 1) != 0;
    }

    private static void evict(int[] live, int stream, int position) {
        live[stream * MAX_PAGES + position / PAGE] &= ~(1 << (position % PAGE));
    }

    private static int keptTokens(int[] live, int stream, int length) {
        int count = 0;
        for (int position = 0; position < length; position++) if (kept(live, stream, position)) count++;
        return count;
    }

    /** evict_oldest: while a stream keeps more than the budget, its oldest kept token at or after the floor goes. */
    private static void evictOldest(int[] live, int length, int budget, int floor) {
        for (int stream = 0; stream < STREAMS; stream++) {
            int excess = keptTokens(live, stream, length) - budget;
            for (int position = floor; excess > 0 && position < length; position++) {
                if (kept(live, stream, position)) {
                    evict(live, stream, position);
                    excess--;
                }
            }
        }
    }

    /** evict_lightest: while a stream keeps more than the budget, its lightest kept token older than the recent ones goes. */
    private static void evictLightest(int[] live, float[] mass, int length, int budget, int recent) {
        for (int stream = 0; stream < STREAMS; stream++) {
            int excess = keptTokens(live, stream, length) - budget;
            while (excess-- > 0) {
                int where = -1;
                for (int position = 0; position < length - recent; position++) {
                    if (kept(live, stream, position) && (where < 0 || mass[stream * MAX_PAGES * PAGE + position] < mass[stream * MAX_PAGES * PAGE + where])) {
                        where = position;
                    }
                }
                evict(live, stream, where);
            }
        }
    }
}
