package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.inference.gguf.GgmlType;
import dev.mnemos.inference.model.ModelShape;
import java.util.List;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/**
 * The prefill tile's launch plan, built without a GPU (addresses are placeholders; {@link LaunchPlan#add} checks
 * each launch against the PTX): the matrices run once per tile, the per-token steps once per token, each on its own
 * row and its own step record.
 */
class PrefillPlanTest {

    private static final ModelShape LLAMA = new ModelShape(256, 3, 8, 4, 512, 2048, 1e-5f, 32, 500);
    private static final CUdeviceptr STEPS = new CUdeviceptr();
    private static final CUdeviceptr Q = new CUdeviceptr();

    @Test
    void should_run_each_matrix_once_per_tile_and_each_per_token_step_once_per_token() {
        for (int tokens = 1; tokens <= DeviceMatrix.TILE; tokens++) {
            LaunchPlan plan = plan(LLAMA, GgmlType.Q8_0, false, tokens, true);
            // embeddings; per layer 2 norms, 7 matrices, swiglu, 2 residual adds, and per token 2 ropes, kv_append, 2 attention passes;
            // the last token's final norm and classifier
            assertThat(plan.launches()).as("%d tokens", tokens).hasSize(tokens + LLAMA.blockCount() * (12 + 5 * tokens) + 2);
            List<LaunchPlan.Launch> matrices = plan.launches().stream().filter(l -> l.kernel().startsWith("matvec.matmul_")).toList();
            assertThat(matrices).hasSize(7 * LLAMA.blockCount());
            for (LaunchPlan.Launch m : matrices) assertThat(m.arguments()[5]).as("tokens of %s", m.kernel()).isEqualTo(tokens);
            assertThat(plan.launches().getLast().kernel()).isEqualTo("matvec.matvec_q8_0");
        }
    }

    @Test
    void should_add_the_biases_per_token_when_the_model_has_them() {
        LaunchPlan llama = plan(LLAMA, GgmlType.F16, false, 5, false);
        LaunchPlan qwen = plan(LLAMA, GgmlType.F16, true, 5, false);
        assertThat(qwen.launches()).hasSize(llama.launches().size() + 3 * 5 * LLAMA.blockCount());
        assertThat(llama.launches().getLast().kernel()).isEqualTo("activation.residual_add");
    }

    @Test
    void should_give_each_token_its_own_row_and_step_record_when_rope_and_attention_run() {
        int tokens = 6;
        LaunchPlan plan = plan(LLAMA, GgmlType.Q4_K, false, tokens, false);
        List<LaunchPlan.Launch> firstLayer = plan.launches().subList(0, tokens + 12 + 5 * tokens);
        List<LaunchPlan.Launch> attention = firstLayer.stream().filter(l -> l.kernel().equals("attention.attention_partial")).toList();
        List<LaunchPlan.Launch> queryRope = firstLayer.stream().filter(l -> l.kernel().equals("rope.rope") && l.arguments()[2].equals(LLAMA.headCount())).toList();
        assertThat(attention).hasSize(tokens);
        assertThat(queryRope).hasSize(tokens);
        for (int t = 0; t < tokens; t++) {
            assertThat(offset(attention.get(t).arguments()[8])).as("step record of token %d", t).isEqualTo(offset(STEPS) + 16L * t);
            assertThat(offset(attention.get(t).arguments()[0])).as("query row of token %d", t).isEqualTo(offset(Q) + 4L * LLAMA.queryDim() * t);
            assertThat(offset(queryRope.get(t).arguments()[0])).isEqualTo(offset(attention.get(t).arguments()[0]));
            assertThat(attention.get(t).arguments()[6]).as("dense").isEqualTo(0);
        }
    }

    @Test
    void should_write_each_token_with_its_position_and_length_when_step_records_are_made() {
        int[] records = PrefillBuffers.stepRecords(new int[] {5, 6, 7, 8}, 1, 3, 100);
        assertThat(records).containsExactly(6, 100, 101, 0, 7, 101, 102, 0, 8, 102, 103, 0);
    }

    @Test
    void should_refuse_an_empty_tile_and_one_longer_than_the_kernels_take() {
        assertThatThrownBy(() -> plan(LLAMA, GgmlType.F32, false, 0, true)).hasMessageContaining("1 to 8 tokens");
        assertThatThrownBy(() -> plan(LLAMA, GgmlType.F32, false, 9, true)).hasMessageContaining("1 to 8 tokens");
        assertThatThrownBy(() -> PrefillBuffers.stepRecords(new int[20], 0, 9, 0)).hasMessageContaining("1 to 8 tokens");
    }

    /** Where a placeholder address points: its byte offset from address 0, as CUdeviceptr prints it. */
    private static long offset(Object pointer) {
        String s = pointer.toString();
        var m = java.util.regex.Pattern.compile("byteOffset=(\\d+)").matcher(s);
        if (!m.find()) throw new AssertionError("no byte offset in " + s);
        return Long.parseLong(m.group(1));
    }

    static LaunchPlan plan(ModelShape s, GgmlType type, boolean biases, int tokens, boolean logits) {
        return plan(s, type, biases, tokens, logits, MatrixLayout.BLOCKS);
    }

    @Test
    void should_evict_the_oldest_once_at_the_last_tokens_length_when_sinks_and_a_window_keep_the_cache() {
        ModelShape s = LLAMA;
        var kv = DecodePlanTest.kv(s, DeviceKv.pages(s.contextLength(), 16));
        var decode = DecodePlanTest.buffers(s, 128);
        var tile = new PrefillBuffers(new CUdeviceptr(), new CUdeviceptr(), new CUdeviceptr(), Q, new CUdeviceptr(), new CUdeviceptr(),
                new CUdeviceptr(), new CUdeviceptr(), STEPS);
        var side = DecodePlanTest.side(s, GgmlType.Q8_0, false, MatrixLayout.BLOCKS);
        List<LaunchPlan.Launch> launches = PrefillPlan.build(null, side, kv, decode, tile, 5, true, DeviceEviction.sinksAndWindow(4, 60)).launches();
        List<String> kernels = launches.stream().map(LaunchPlan.Launch::kernel).toList();
        assertThat(kernels.stream().filter("attention.evict_oldest"::equals).count()).isEqualTo(1);
        LaunchPlan.Launch evict = launches.get(kernels.indexOf("attention.evict_oldest"));
        assertThat(offset(evict.arguments()[3]) - offset(STEPS)).as("the tile's last step record").isEqualTo(4L * DecodeBuffers.STEP_INTS * 4);
        assertThat(List.of(evict.arguments()).subList(5, 7)).containsExactly(64, 4);
        assertThat(kernels.indexOf("attention.evict_oldest")).as("after every layer's attention").isGreaterThan(kernels.lastIndexOf("attention.attention_combine"));
        for (DeviceEviction weighed : List.of(DeviceEviction.heavyHitters(32, 16), DeviceEviction.SAGE_PROMPT, DeviceEviction.NONE)) {
            assertThat(PrefillPlan.build(null, side, kv, decode, tile, 5, true, weighed).launches()).as(weighed.toString())
                    .extracting(LaunchPlan.Launch::kernel).doesNotContain("attention.evict_oldest", "attention.evict_lightest", "attention.slot_weights");
        }
    }

    static LaunchPlan plan(ModelShape s, GgmlType type, boolean biases, int tokens, boolean logits, MatrixLayout layout) {
        var kv = DecodePlanTest.kv(s, DeviceKv.pages(s.contextLength(), 16));
        var decode = DecodePlanTest.buffers(s, 128);
        var tile = new PrefillBuffers(new CUdeviceptr(), new CUdeviceptr(), new CUdeviceptr(), Q, new CUdeviceptr(), new CUdeviceptr(),
                new CUdeviceptr(), new CUdeviceptr(), STEPS);
        return PrefillPlan.build(null, DecodePlanTest.side(s, type, biases, layout), kv, decode, tile, tokens, logits);
    }
}
