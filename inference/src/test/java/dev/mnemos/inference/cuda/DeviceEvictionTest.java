package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.inference.gguf.GgmlType;
import dev.mnemos.inference.model.ModelShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The device's evictions, without a GPU: the kernels a plan adds for each policy, and SAGE-KV's selection on the host. */
class DeviceEvictionTest {

    private static final ModelShape LLAMA = new ModelShape(256, 3, 8, 4, 512, 2048, 1e-5f, 32, 500);
    private static final int PAGE = 16;

    @Test
    void should_record_weights_and_evict_the_lightest_after_each_layer_when_heavy_hitters_keep_the_cache() {
        List<LaunchPlan.Launch> launches = plan(DeviceEviction.heavyHitters(32, 16)).launches();
        List<String> kernels = launches.stream().map(LaunchPlan.Launch::kernel).toList();
        assertThat(kernels.stream().filter("attention.slot_weights"::equals).count()).isEqualTo(LLAMA.blockCount());
        assertThat(kernels.stream().filter("attention.evict_lightest"::equals).count()).isEqualTo(LLAMA.blockCount());
        LaunchPlan.Launch evict = launches.get(kernels.indexOf("attention.evict_lightest"));
        assertThat(evict.gridX()).isEqualTo(LLAMA.headCountKv());
        assertThat(List.of(evict.arguments()).subList(5, 7)).containsExactly(48, 16); // budget, recent
        assertThat(kernels).doesNotContain("attention.evict_oldest");
    }

    @Test
    void should_evict_the_oldest_of_every_stream_once_per_step_when_sinks_and_a_window_keep_the_cache() {
        List<LaunchPlan.Launch> launches = plan(DeviceEviction.sinksAndWindow(4, 60)).launches();
        List<String> kernels = launches.stream().map(LaunchPlan.Launch::kernel).toList();
        assertThat(kernels.stream().filter("attention.evict_oldest"::equals).count()).isEqualTo(1);
        assertThat(kernels).doesNotContain("attention.slot_weights", "attention.evict_lightest");
        LaunchPlan.Launch evict = launches.get(kernels.indexOf("attention.evict_oldest"));
        assertThat(List.of(evict.arguments()).subList(1, 2)).containsExactly(LLAMA.blockCount() * LLAMA.headCountKv());
        assertThat(List.of(evict.arguments()).subList(5, 7)).containsExactly(64, 4); // budget, floor
        // after the layers, before the final norm: the step's length is the one it evicts for
        assertThat(kernels.indexOf("attention.evict_oldest")).isLessThan(kernels.lastIndexOf("norm.rmsnorm"));
    }

    @Test
    void should_only_record_weights_while_the_prompt_of_sage_kv_goes_in() {
        List<String> kernels = plan(DeviceEviction.SAGE_PROMPT).launches().stream().map(LaunchPlan.Launch::kernel).toList();
        assertThat(kernels).contains("attention.slot_weights").doesNotContain("attention.evict_oldest", "attention.evict_lightest");
    }

    @Test
    void should_keep_the_sinks_the_window_and_the_heaviest_candidates_when_sage_kv_selects_on_the_host() {
        int maxPages = 4, streams = 2, length = 40; // sinks 0-1, candidates 2-29, window 30-39
        int[] live = new int[streams * maxPages];
        java.util.Arrays.fill(live, -1);
        float[] last = new float[streams * maxPages * PAGE];
        for (int stream = 0; stream < streams; stream++) {
            for (int position = 0; position < length; position++) last[(stream * maxPages) * PAGE + position] = position == 10 + stream ? 5f : 0.01f * position;
        }
        int boundary = DeviceEviction.sageSelect(live, last, maxPages, PAGE, length, 2, 3, 10);
        assertThat(boundary).isEqualTo(30);
        for (int stream = 0; stream < streams; stream++) {
            // the heaviest candidates: position 10 + stream (5.0), then the two latest candidates, 29 and 28 (or 27)
            List<Integer> kept = keptPositions(live, stream, maxPages, length);
            assertThat(kept).as("stream %d", stream).startsWith(0, 1).contains(10 + stream, 29, 28).endsWith(30, 31, 32, 33, 34, 35, 36, 37, 38, 39)
                    .hasSize(2 + 3 + 10);
        }
    }

    @Test
    void should_keep_every_candidate_tied_at_the_threshold_as_the_cpu_policy_does() {
        int maxPages = 2, length = 20;
        int[] live = {-1, -1};
        float[] last = new float[maxPages * PAGE]; // every weight 0: all tied
        DeviceEviction.sageSelect(live, last, maxPages, PAGE, length, 1, 2, 4);
        assertThat(keptPositions(live, 0, maxPages, length)).hasSize(length);
    }

    @Test
    void should_refuse_a_negative_budget() {
        assertThatThrownBy(() -> new DeviceEviction(DeviceEviction.Kind.OLDEST, -1, 0, false)).hasMessageContaining("budget -1");
    }

    private static List<Integer> keptPositions(int[] live, int stream, int maxPages, int length) {
        List<Integer> kept = new java.util.ArrayList<>();
        for (int position = 0; position < length; position++) {
            if ((live[stream * maxPages + position / PAGE] >>> (position % PAGE) & 1) != 0) kept.add(position);
        }
        return kept;
    }

    private static LaunchPlan plan(DeviceEviction eviction) {
        return DecodePlan.build(null, DecodePlanTest.side(LLAMA, GgmlType.Q8_0, false), DecodePlanTest.kv(LLAMA, 128), DecodePlanTest.buffers(LLAMA, 128),
                AttentionMode.DENSE, DecodePlan.Ending.LOGITS, null, eviction);
    }
}
