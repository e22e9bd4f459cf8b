package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.inference.gguf.GgmlType;
import dev.mnemos.inference.model.ModelShape;
import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/**
 * The decode step's launch plan, built without a GPU (addresses are placeholders). Building one checks every launch
 * against the shipped PTX ({@link LaunchPlan#add}: the kernel exists, its arguments have the declared number and
 * kinds, the grid is within the driver's limits), so each plan built here is such a check.
 */
class DecodePlanTest {

    private static final ModelShape LLAMA = new ModelShape(256, 3, 8, 4, 512, 2048, 1e-5f, 32, 500);

    @Test
    void should_match_every_kernel_signature_in_the_ptx_when_a_dense_llama_step_is_planned() {
        LaunchPlan plan = plan(LLAMA, GgmlType.Q4_K, false, AttentionMode.DENSE, DecodePlan.Ending.LOGITS);
        // embed; per layer 2 norms, 7 matrices, 2 ropes, kv_append, 2 attention passes, swiglu, 2 residual adds; final norm and classifier
        assertThat(plan.launches()).hasSize(1 + LLAMA.blockCount() * 17 + 2);
        assertThat(kernels(plan)).doesNotContain("attention.quest_score", "tokens.argmax", "tokens.advance");
        assertThat(plan.launches().getLast().kernel()).isEqualTo("matvec.matvec_q4_k");
    }

    @Test
    void should_add_the_qkv_biases_when_the_model_has_them() {
        LaunchPlan llama = plan(LLAMA, GgmlType.Q8_0, false, AttentionMode.DENSE, DecodePlan.Ending.LOGITS);
        LaunchPlan qwen = plan(LLAMA, GgmlType.Q8_0, true, AttentionMode.DENSE, DecodePlan.Ending.LOGITS);
        assertThat(qwen.launches()).hasSize(llama.launches().size() + 3 * LLAMA.blockCount());
    }

    @Test
    void should_score_and_select_pages_from_the_first_sparse_layer_on_when_quest_is_planned() {
        DecodePlan.Ending greedy = new DecodePlan.Ending(true, new CUdeviceptr(), true);
        LaunchPlan plan = plan(LLAMA, GgmlType.Q6_K, false, AttentionMode.quest(4, 1), greedy);
        List<String> kernels = kernels(plan);
        assertThat(kernels.stream().filter("attention.quest_select"::equals).count()).isEqualTo(LLAMA.blockCount() - 1);
        assertThat(kernels.subList(kernels.size() - 2, kernels.size())).containsExactly("tokens.argmax", "tokens.advance");
        // the budget reaches the attention of the selecting layers only
        List<Integer> budgets = plan.launches().stream().filter(l -> l.kernel().equals("attention.attention_partial"))
                .map(l -> (Integer) l.arguments()[6]).toList();
        assertThat(budgets).containsExactly(0, 4, 4);
    }

    @Test
    void should_score_rounds_after_the_watershed_layer_when_asked() {
        var rounds = new DecodePlan.RoundScoring(1, 3, new CUdeviceptr(), new CUdeviceptr(), new CUdeviceptr());
        LaunchPlan plan = DecodePlan.build(null, side(LLAMA, GgmlType.F16, false), kv(LLAMA), buffers(LLAMA), AttentionMode.DENSE,
                DecodePlan.Ending.LOGITS, rounds);
        List<String> kernels = kernels(plan);
        int combine = nth(kernels, "attention.attention_combine", 1);
        assertThat(kernels.subList(combine + 1, combine + 3)).containsExactly("attention.page_mass", "attention.round_mass");
        assertThat(plan.launches().get(combine + 2).gridX()).isEqualTo(3);
    }

    @Test
    void should_read_and_write_the_cache_through_the_f16_kernels_when_it_keeps_halves() {
        var eviction = DeviceEviction.heavyHitters(8, 8);
        var rounds = new DecodePlan.RoundScoring(1, 3, new CUdeviceptr(), new CUdeviceptr(), new CUdeviceptr());
        LaunchPlan plan = DecodePlan.build(null, side(LLAMA, GgmlType.Q8_0, false), kv(LLAMA, 128, true), buffers(LLAMA), AttentionMode.DENSE,
                DecodePlan.Ending.LOGITS, rounds, eviction);
        List<String> kernels = kernels(plan);
        assertThat(kernels).contains("attention.kv_append_f16", "attention.attention_partial_f16", "attention.page_mass_f16", "attention.slot_weights_f16")
                .doesNotContain("attention.kv_append", "attention.attention_partial", "attention.page_mass", "attention.slot_weights");
        assertThat(kernels).contains("attention.attention_combine", "attention.evict_lightest"); // these read no keys or values
    }

    @Test
    void should_refuse_argmax_without_logits_and_heads_wider_than_the_kernel() {
        assertThatThrownBy(() -> new DecodePlan.Ending(false, new CUdeviceptr(), false)).hasMessageContaining("argmax needs the logits");
        ModelShape wide = new ModelShape(1024, 1, 2, 2, 512, 2048, 1e-5f, 512, 100);
        assertThatThrownBy(() -> plan(wide, GgmlType.F32, false, AttentionMode.DENSE, DecodePlan.Ending.LOGITS))
                .hasMessageContaining("heads of up to 256");
    }

    @Test
    void should_give_every_row_of_every_matrix_its_split_of_warps_when_it_is_launched() {
        LaunchPlan plan = plan(LLAMA, GgmlType.BF16, false, AttentionMode.DENSE, DecodePlan.Ending.LOGITS);
        for (LaunchPlan.Launch l : plan.launches()) {
            if (!l.kernel().startsWith("matvec.")) continue;
            int rows = (Integer) l.arguments()[3];
            int split = (Integer) l.arguments()[5];
            assertThat(l.block()).isEqualTo(256);
            assertThat(l.gridX() * l.block() / 32 / split).as(l.kernel()).isGreaterThanOrEqualTo(rows).isLessThan(rows + 8);
        }
    }

    private static LaunchPlan plan(ModelShape shape, GgmlType type, boolean biases, AttentionMode mode, DecodePlan.Ending ending) {
        return DecodePlan.build(null, side(shape, type, biases), kv(shape), buffers(shape), mode, ending);
    }

    static DecodePlan.ModelSide side(ModelShape s, GgmlType type, boolean biases) {
        return side(s, type, biases, MatrixLayout.BLOCKS);
    }

    static DecodePlan.ModelSide side(ModelShape s, GgmlType type, boolean biases, MatrixLayout layout) {
        List<DeviceWeights.Layer> layers = new ArrayList<>();
        for (int l = 0; l < s.blockCount(); l++) {
            layers.add(new DeviceWeights.Layer(new CUdeviceptr(), matrix("q", layout, type, s.queryDim(), s.embeddingLength()),
                    matrix("k", layout, type, s.kvDim(), s.embeddingLength()), matrix("v", layout, type, s.kvDim(), s.embeddingLength()),
                    matrix("o", layout, type, s.embeddingLength(), s.queryDim()), biases ? new CUdeviceptr() : null, biases ? new CUdeviceptr() : null,
                    biases ? new CUdeviceptr() : null, new CUdeviceptr(), matrix("gate", layout, type, s.feedForwardLength(), s.embeddingLength()),
                    matrix("down", layout, type, s.embeddingLength(), s.feedForwardLength()), matrix("up", layout, type, s.feedForwardLength(), s.embeddingLength())));
        }
        var weights = new DeviceWeights(new CUdeviceptr(), layers, new CUdeviceptr(), matrix("output", layout, type, s.vocabularySize(), s.embeddingLength()));
        return new DecodePlan.ModelSide(s, biases, s.headSize() / 2, weights);
    }

    private static DeviceMatrix matrix(String name, MatrixLayout layout, GgmlType type, int rows, int cols) {
        return DeviceMatrix.of(name, type, rows, cols, new CUdeviceptr(), layout.of(type));
    }

    private static KvAddresses kv(ModelShape s) {
        return kv(s, DeviceKv.pages(s.contextLength(), 16));
    }

    /** A device cache's addresses, placeholders all (each its own object, so that offsets from them can be told apart). */
    static KvAddresses kv(ModelShape s, int maxPages) {
        return kv(s, maxPages, false);
    }

    static KvAddresses kv(ModelShape s, int maxPages, boolean half) {
        return new KvAddresses(new CUdeviceptr(), new CUdeviceptr(), new CUdeviceptr(), new CUdeviceptr(), new CUdeviceptr(), new CUdeviceptr(),
                new CUdeviceptr(), new CUdeviceptr(), s.headCountKv(), maxPages, 16, half);
    }

    private static DecodeBuffers buffers(ModelShape s) {
        return buffers(s, 128);
    }

    /** A step's buffers, one placeholder for all, with the splits a GPU of 132 SMs would get for {@code maxPages}. */
    static DecodeBuffers buffers(ModelShape s, int maxPages) {
        CUdeviceptr p = new CUdeviceptr();
        return new DecodeBuffers(p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, LaunchGeometry.splits(maxPages, s.headCount(), 132));
    }

    private static List<String> kernels(LaunchPlan plan) {
        return plan.launches().stream().map(LaunchPlan.Launch::kernel).toList();
    }

    private static int nth(List<String> list, String value, int n) {
        int seen = -1;
        for (int i = 0; i < list.size(); i++) if (list.get(i).equals(value) && ++seen == n) return i;
        throw new AssertionError(value + " appears fewer than " + (n + 1) + " times");
    }
}
