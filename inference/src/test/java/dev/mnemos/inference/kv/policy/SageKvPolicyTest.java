package dev.mnemos.inference.kv.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SageKvPolicyTest {

    @Test
    void should_keep_sinks_the_last_querys_favourites_and_the_window_when_the_prompt_is_in() {
        try (CraftedAttention run = new CraftedAttention(new SageKvPolicy(2, 2, 4), Set.of(7, 11))) {
            run.forward(24);
            assertThat(run.positions()).hasSize(24); // nothing goes before the caller says the prompt is in
            run.cache.endPrefill();
            assertThat(run.positions()).containsExactly(0, 1, 7, 11, 20, 21, 22, 23);
        }
    }

    @Test
    void should_slide_the_window_and_keep_the_selection_when_decoding() {
        try (CraftedAttention run = new CraftedAttention(new SageKvPolicy(2, 2, 4), Set.of(7, 11, 25))) {
            run.forward(24);
            run.cache.endPrefill();
            for (int i = 0; i < 3; i++) run.forward(1);
            // a decoded token is kept only while in the window, however loud
            assertThat(run.positions()).containsExactly(0, 1, 7, 11, 23, 24, 25, 26);
            for (int i = 0; i < 4; i++) run.forward(1);
            assertThat(run.positions()).containsExactly(0, 1, 7, 11, 27, 28, 29, 30);
        }
    }
}
