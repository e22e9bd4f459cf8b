package dev.mnemos.inference.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final int[] NO_HISTORY = new int[0];

    private static float[] logits() {
        // token i has logit i / 10: token 99 is the most likely
        float[] logits = new float[100];
        for (int i = 0; i < logits.length; i++) logits[i] = i / 10f;
        return logits;
    }

    private static int[] draws(SamplerConfig config, int count) {
        Sampler sampler = new Sampler(config, 100);
        return IntStream.range(0, count).map(i -> sampler.sample(logits(), NO_HISTORY, 0)).toArray();
    }

    @Test
    void should_pick_the_most_likely_token_when_greedy() {
        assertThat(new Sampler(SamplerConfig.greedy(), 100).sample(logits(), NO_HISTORY, 0)).isEqualTo(99);
    }

    @Test
    void should_draw_the_same_tokens_when_seeded_the_same() {
        SamplerConfig config = SamplerConfig.defaults(42).withTopK(0).withMinP(0f).withTopP(1f).withTemperature(5f);
        assertThat(draws(config, 50)).containsExactly(draws(config, 50));
        assertThat(draws(config, 50)).isNotEqualTo(draws(config.withSeed(43), 50));
    }

    @Test
    void should_draw_only_among_the_k_most_likely_when_top_k_is_set() {
        int[] tokens = draws(SamplerConfig.defaults(1).withTopK(3).withTopP(1f).withMinP(0f).withTemperature(100f), 300);
        assertThat(tokens).containsOnly(97, 98, 99);
        assertThat(IntStream.of(tokens).boxed().collect(java.util.stream.Collectors.toSet())).hasSize(3);
    }

    @Test
    void should_keep_the_smallest_set_reaching_p_when_top_p_is_set() {
        float[] logits = new float[4];
        logits[0] = (float) Math.log(0.5);
        logits[1] = (float) Math.log(0.3);
        logits[2] = (float) Math.log(0.15);
        logits[3] = (float) Math.log(0.05);
        Sampler sampler = new Sampler(SamplerConfig.defaults(3).withTopK(0).withMinP(0f).withTopP(0.75f).withTemperature(1f), 4);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) seen.add(sampler.sample(logits.clone(), NO_HISTORY, 0));
        assertThat(seen).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void should_drop_tokens_below_min_p_of_the_best_when_min_p_is_set() {
        float[] logits = {0f, (float) Math.log(0.5), (float) Math.log(0.2), (float) Math.log(0.05)};
        Sampler sampler = new Sampler(SamplerConfig.defaults(4).withTopK(0).withTopP(1f).withMinP(0.1f).withTemperature(1f), 4);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) seen.add(sampler.sample(logits.clone(), NO_HISTORY, 0));
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void should_flatten_the_distribution_when_the_temperature_rises() {
        SamplerConfig base = SamplerConfig.defaults(5).withTopK(0).withTopP(1f).withMinP(0f);
        long coldBest = IntStream.of(draws(base.withTemperature(0.05f), 200)).filter(t -> t == 99).count();
        long hotBest = IntStream.of(draws(base.withTemperature(10f), 200)).filter(t -> t == 99).count();
        assertThat(coldBest).isGreaterThan(150);
        assertThat(hotBest).isLessThan(20);
    }

    @Test
    void should_divide_positive_and_multiply_negative_logits_when_repeat_penalty_is_set() {
        float[] logits = {2f, -1f, 1.5f};
        int[] history = {0, 1};
        new Sampler(SamplerConfig.greedy().withPenalties(2f, 0f, 0f), 3).sample(logits, history, 2);
        assertThat(logits).containsExactly(1f, -2f, 1.5f);
    }

    @Test
    void should_subtract_per_occurrence_and_once_when_frequency_and_presence_penalties_are_set() {
        float[] logits = {3f, 3f, 3f};
        int[] history = {0, 0, 0, 1};
        int next = new Sampler(SamplerConfig.greedy().withPenalties(1f, 0.5f, 0.25f), 3).sample(logits, history, 4);
        assertThat(logits).containsExactly(3f - 1.5f - 0.25f, 3f - 0.5f - 0.25f, 3f);
        assertThat(next).isEqualTo(2);
    }

    @Test
    void should_refuse_a_top_p_outside_zero_to_one_when_configured() {
        assertThatThrownBy(() -> SamplerConfig.greedy().withTopP(1.5f)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topP");
    }
}
