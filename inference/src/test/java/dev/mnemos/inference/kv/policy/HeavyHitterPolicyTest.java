package dev.mnemos.inference.kv.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HeavyHitterPolicyTest {

    @Test
    void should_keep_the_tokens_with_most_attention_mass_and_the_recent_window_when_over_budget() {
        try (CraftedAttention run = new CraftedAttention(new HeavyHitterPolicy(2, 4), Set.of(0, 9))) {
            for (int i = 0; i < 30; i++) {
                run.forward(1);
                assertThat(run.cache.stream(0, 0).tokens()).isLessThanOrEqualTo(6);
            }
            assertThat(run.positions()).containsExactly(0, 9, 26, 27, 28, 29);
        }
    }

    @Test
    void should_cut_the_prompt_to_the_budget_when_it_was_attended_in_full() {
        try (CraftedAttention run = new CraftedAttention(new HeavyHitterPolicy(2, 4), Set.of(3, 11))) {
            run.forward(20);
            assertThat(run.positions()).containsExactly(3, 11, 16, 17, 18, 19);
        }
    }
}
