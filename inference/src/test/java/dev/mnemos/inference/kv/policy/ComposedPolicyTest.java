package dev.mnemos.inference.kv.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.kv.KvScratch;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComposedPolicyTest {

    @Test
    void should_evict_as_the_keeping_policy_and_select_as_the_attending_one_when_composed() {
        ComposedPolicy policy = new ComposedPolicy(new SinkWindowPolicy(4, 20), new QuestPolicy(2, 0));
        try (CraftedAttention run = new CraftedAttention(policy, Set.of(2))) {
            for (int i = 0; i < 60; i++) run.forward(1);
            assertThat(run.positions()).hasSize(24).contains(0, 1, 2, 3, 59);
            KvScratch scratch = new KvScratch();
            int n = policy.select(run.cache, 0, 0, run.cache.stream(0, 0), new float[] {1, 0, 0, 0}, 0, true, scratch);
            assertThat(n).isEqualTo(2);
            assertThat(policy.name()).isEqualTo("sinks+window/quest");
        }
    }
}
