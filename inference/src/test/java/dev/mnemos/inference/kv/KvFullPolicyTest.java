package dev.mnemos.inference.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.fidelity.PagedSession;
import dev.mnemos.inference.kv.policy.FullPolicy;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.model.State;
import dev.mnemos.inference.model.Transformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full attention through the paged cache against the unpaged cache: the same bits, step after step, from a
 * cold start (the kernels sum lanes in one fixed order, so whether the JIT has compiled them does not matter).
 */
class KvFullPolicyTest {

    @TempDir
    Path folder;

    /** Logits after the prompt and after each following token, through the flat, unpaged cache. */
    private static List<float[]> unpaged(Model model, ComputePool pool, int[] tokens, int prompt, int maxBatch) {
        Transformer transformer = new Transformer(model);
        State state = transformer.newState(pool, tokens.length, maxBatch);
        List<float[]> logits = new ArrayList<>();
        logits.add(transformer.forward(state, tokens, 0, prompt, 0).clone());
        for (int i = prompt; i < tokens.length; i++) logits.add(transformer.forward(state, tokens, i, 1, i).clone());
        return logits;
    }

    private static List<float[]> paged(Model model, ComputePool pool, int[] tokens, int prompt, int maxBatch, int pageSize) {
        List<float[]> logits = new ArrayList<>();
        try (PagedSession session = new PagedSession(model, pool, new FullPolicy(), pageSize, maxBatch)) {
            logits.add(session.feed(tokens, 0, prompt).clone());
            for (int i = prompt; i < tokens.length; i++) logits.add(session.step(tokens[i]).clone());
        }
        return logits;
    }

    private static void assertSameBits(List<float[]> actual, List<float[]> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("logits of step %d", i).isEqualTo(expected.get(i));
        }
    }

    @Test
    void should_give_the_unpaged_logits_bit_for_bit_when_full_attention_runs_through_pages_on_stories260K() throws Exception {
        int[] tokens = new SplittableRandom(3).ints(240, 3, 512).toArray();
        tokens[0] = 1;
        try (Model model = Model.open(TestModels.stories260K()); ComputePool pool = new ComputePool(1)) {
            List<float[]> expected = unpaged(model, pool, tokens, 120, 32);
            assertSameBits(paged(model, pool, tokens, 120, 32, 16), expected);
            assertSameBits(paged(model, pool, tokens, 120, 32, 32), expected);
        }
    }

    @Test
    void should_give_the_unpaged_logits_bit_for_bit_when_a_grouped_query_qwen2_model_prefills_in_uneven_batches() throws Exception {
        int[] tokens = new SplittableRandom(5).ints(160, 0, 256).toArray();
        try (Model model = Model.open(TestModels.smallQwen2(folder)); ComputePool pool = new ComputePool(1)) {
            assertSameBits(paged(model, pool, tokens, 77, 7, 16), unpaged(model, pool, tokens, 77, 7));
        }
    }
}
