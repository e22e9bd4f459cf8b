package dev.mnemos.inference.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.sampling.SamplerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generation end to end on stories260K: text in, llama.cpp's text out; sessions reuse their prefix. */
class LocalModelTest {

    static final String LLAMA_CPP_TEXT = ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\nLily's mom said";

    private static LocalModel model;

    static Path stories() {
        return Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"), "stories260K.gguf");
    }

    @BeforeAll
    static void open() throws Exception {
        model = LocalModel.open(stories(), LocalModel.Options.defaults().withThreads(2).withContextLength(512).withMaxSessions(2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GenerationRequest request(String session, String prompt, int maxTokens) {
        return new GenerationRequest(session, model.tokenizer().encode(prompt), SamplerConfig.greedy(), maxTokens, List.of());
    }

    @Test
    void should_generate_llama_cpp_text_when_greedy_from_text() {
        StringBuilder streamed = new StringBuilder();
        Completion completion = model.generate(request("text", "Once upon a time", 64), streamed::append);
        assertThat(model.tokenizer().encode("Once upon a time")).containsExactly(1, 403, 407, 261, 378);
        assertThat(completion.text()).isEqualTo(LLAMA_CPP_TEXT);
        assertThat(streamed.toString()).isEqualTo(LLAMA_CPP_TEXT);
        assertThat(completion.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(completion.tokens()).hasSize(64);
    }

    @Test
    void should_prefill_only_the_new_suffix_when_a_prompt_extends_the_previous_one() {
        String first = "Once upon a time";
        PrefillStatistics before = model.prefills();
        Completion one = model.generate(request("agent", first, 10), text -> {});
        assertThat(one.reusedPromptTokens()).isZero();
        String extended = first + one.text() + " Then";
        Completion two = model.generate(request("agent", extended, 10), text -> {});
        int[] extendedIds = model.tokenizer().encode(extended);
        // everything the session holds (prompt + 9 fed-back tokens) that the new prompt starts with
        assertThat(two.reusedPromptTokens()).isGreaterThanOrEqualTo(5 + 9 - 1).isLessThan(extendedIds.length);
        PrefillStatistics both = model.prefills().since(before);
        assertThat(both.prompts()).isEqualTo(2);
        assertThat(both.promptTokens()).isEqualTo(one.promptTokens() + two.promptTokens());
        assertThat(both.reusedTokens()).isEqualTo(two.reusedPromptTokens());
        assertThat(both.prefilledTokens()).isEqualTo(one.promptTokens() + two.promptTokens() - two.reusedPromptTokens());
        Completion fresh = model.generate(request("fresh", extended, 10), text -> {});
        assertThat(fresh.reusedPromptTokens()).isZero();
        assertThat(two.tokens()).containsExactly(fresh.tokens());
    }

    @Test
    void should_recompute_from_the_divergence_when_a_prompt_differs_from_the_history() {
        model.generate(request("diverge", "Once upon a time, there was a dog", 5), text -> {});
        Completion changed = model.generate(request("diverge", "Once upon a time, there was a cat", 8), text -> {});
        Completion fresh = model.generate(request("diverge-fresh", "Once upon a time, there was a cat", 8), text -> {});
        assertThat(changed.reusedPromptTokens()).isPositive();
        assertThat(changed.tokens()).containsExactly(fresh.tokens());
    }

    @Test
    void should_evict_the_least_recently_used_session_when_over_capacity() {
        model.generate(request("a", "Once", 1), text -> {});
        model.generate(request("b", "Once", 1), text -> {});
        model.generate(request("a", "Once", 1), text -> {});
        model.generate(request("c", "Once", 1), text -> {});
        assertThat(model.hasSession("a")).isTrue();
        assertThat(model.hasSession("b")).isFalse();
        assertThat(model.hasSession("c")).isTrue();
    }

    @Test
    void should_stop_before_the_stop_string_when_the_text_reaches_it() {
        var request = new GenerationRequest("stop", model.tokenizer().encode("Once upon a time"), SamplerConfig.greedy(), 64, List.of("Lily"));
        StringBuilder streamed = new StringBuilder();
        Completion completion = model.generate(request, streamed::append);
        assertThat(completion.text()).isEqualTo(", there was a little girl named ");
        assertThat(streamed.toString()).isEqualTo(completion.text());
        assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP_STRING);
    }

    @Test
    void should_give_the_same_text_when_sampling_with_the_same_seed() {
        SamplerConfig sampling = SamplerConfig.defaults(1234).withTemperature(1.2f);
        int[] prompt = model.tokenizer().encode("Once upon a time");
        String first = model.generate(new GenerationRequest("s1", prompt, sampling, 40, List.of()), t -> {}).text();
        String again = model.generate(new GenerationRequest("s2", prompt, sampling, 40, List.of()), t -> {}).text();
        String other = model.generate(new GenerationRequest("s1", prompt, sampling.withSeed(99), 40, List.of()), t -> {}).text();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }
}
