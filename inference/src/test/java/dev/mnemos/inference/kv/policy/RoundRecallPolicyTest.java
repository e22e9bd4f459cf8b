package dev.mnemos.inference.kv.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.KvPage;
import dev.mnemos.inference.kv.KvStream;
import dev.mnemos.inference.kv.TestModels;
import dev.mnemos.inference.kv.fidelity.ModelText;
import dev.mnemos.inference.kv.fidelity.PagedSession;
import dev.mnemos.inference.kv.fidelity.RoundDialogue;
import dev.mnemos.inference.model.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoundRecallPolicyTest {

    private static Model model;
    private static ComputePool pool;
    private static int[][] rounds;

    @BeforeAll
    static void open() throws Exception {
        model = Model.open(TestModels.stories260K());
        pool = new ComputePool(1);
        rounds = RoundDialogue.split(ModelText.sample(model, pool, 20 * 10, 1, 5), 20);
    }

    @AfterAll
    static void close() {
        pool.close();
        model.close();
    }

    @Test
    void should_offload_the_rounds_it_did_not_recall_in_the_layers_after_the_watershed() {
        RoundRecallPolicy policy = new RoundRecallPolicy(1, 2);
        try (PagedSession session = new PagedSession(model, pool, policy, 16, 64)) {
            for (int[] round : rounds) {
                session.cache().markRound();
                session.feed(round, 0, round.length);
            }
            int current = session.cache().round();
            int recalled = 0;
            for (int r = 0; r < current; r++) if (policy.recalled(r)) recalled++;
            assertThat(recalled).isEqualTo(2);
            for (int layer = 0; layer < model.shape().blockCount(); layer++) {
                KvStream stream = session.cache().stream(layer, 0);
                for (int p = 0; p < stream.pageCount(); p++) {
                    KvPage page = stream.page(p);
                    boolean kept = layer <= 1 || page.round(0) == current || policy.recalled(page.round(0));
                    assertThat(page.resident()).as("layer %d, round %d", layer, page.round(0)).isEqualTo(kept);
                }
            }
            assertThat(session.cache().offloadedBytes()).isPositive();
        }
    }

    @Test
    void should_halve_resident_kv_against_full_attention_when_two_of_twenty_rounds_are_recalled() {
        RoundDialogue.Result result = RoundDialogue.run(model, pool, new RoundRecallPolicy(1, 2), 16, rounds, 5);
        assertThat(result.policyBytes()).isLessThan(result.fullBytes() / 2);
        assertThat(result.policyBytes() + result.offloadedBytes()).isEqualTo(result.fullBytes());
        assertThat(result.top1Agreement()).isGreaterThan(0.5);
    }

    @Test
    void should_agree_with_full_attention_exactly_when_every_round_is_recalled() {
        RoundDialogue.Result result = RoundDialogue.run(model, pool, new RoundRecallPolicy(1, 1000), 16, rounds, 5);
        assertThat(result.top1Agreement()).isEqualTo(1.0);
        assertThat(result.meanKl()).isLessThan(1e-9); // zero but for the JIT: see KvFullPolicyTest
        assertThat(result.offloadedBytes()).isZero();
    }
}
