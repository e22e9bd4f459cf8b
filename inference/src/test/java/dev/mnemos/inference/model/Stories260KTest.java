package dev.mnemos.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.KvPrecision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The key acceptance test: llama.cpp's greedy output on stories260K (../shared/models/REFERENCE.md), token for token. */
class Stories260KTest {

    static final int[] PROMPT = {1, 403, 407, 261, 378};
    static final int[] LLAMA_CPP_GREEDY = {432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337, 410, 408, 419, 292, 411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432, 352, 266, 268, 388, 426, 338, 391, 266, 267, 337, 335, 312, 432, 398, 312, 286, 267, 414, 270, 333, 415, 426, 13, 438, 310, 439, 419, 357, 336};

    private static Model model;

    static Path sharedModel(String name) {
        return Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"), name);
    }

    @BeforeAll
    static void open() throws Exception {
        model = Model.open(sharedModel("stories260K.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<Integer> greedy(int threads, int maxBatch, boolean promptAtOnce, KvPrecision precision) {
        try (ComputePool pool = new ComputePool(threads)) {
            Transformer transformer = new Transformer(model);
            State state = transformer.newState(pool, 512, maxBatch, precision);
            float[] logits;
            if (promptAtOnce) {
                logits = transformer.forward(state, PROMPT, 0, PROMPT.length, 0);
            } else {
                logits = null;
                for (int i = 0; i < PROMPT.length; i++) logits = transformer.forward(state, PROMPT, i, 1, i);
            }
            List<Integer> generated = new ArrayList<>();
            int[] token = new int[1];
            for (int i = 0; i < LLAMA_CPP_GREEDY.length; i++) {
                token[0] = argmax(logits);
                generated.add(token[0]);
                logits = transformer.forward(state, token, 0, 1, PROMPT.length + i);
            }
            return generated;
        }
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    @Test
    void should_generate_llama_cpp_greedy_tokens_when_prompted_once_upon_a_time_in_half_precision_attention() {
        assertThat(greedy(1, 32, true, KvPrecision.F16)).containsExactly(java.util.Arrays.stream(LLAMA_CPP_GREEDY).boxed().toArray(Integer[]::new));
    }

    @Test
    void should_give_llama_cpp_top_logits_within_its_half_precision_error_when_attention_is_in_floats() {
        try (ComputePool pool = new ComputePool(1)) {
            Transformer transformer = new Transformer(model);
            float[] logits = transformer.forward(transformer.newState(pool, 512, 32), PROMPT, 0, PROMPT.length, 0);
            assertThat(logits[432]).isCloseTo(17.797935f, within(5e-3f));
            assertThat(logits[323]).isCloseTo(9.138144f, within(5e-3f));
            assertThat(argmax(logits)).isEqualTo(432);
        }
    }

    @Test
    void should_generate_the_same_tokens_when_on_two_threads_prefilling_token_by_token_in_float_attention() {
        assertThat(greedy(2, 1, false, KvPrecision.F32)).containsExactly(java.util.Arrays.stream(LLAMA_CPP_GREEDY).boxed().toArray(Integer[]::new));
    }

    @Test
    void should_give_llama_cpp_top_logits_when_attention_is_computed_in_half_precision_as_llama_cpp_does() {
        try (ComputePool pool = new ComputePool(1)) {
            Transformer transformer = new Transformer(model);
            float[] logits = transformer.forward(transformer.newState(pool, 512, 32, KvPrecision.F16), PROMPT, 0, PROMPT.length, 0);
            assertThat(logits[432]).isCloseTo(17.797935f, within(1e-4f));
            assertThat(logits[383]).isCloseTo(14.282413f, within(1e-4f));
            assertThat(logits[322]).isCloseTo(9.710257f, within(1e-4f));
            assertThat(logits[353]).isCloseTo(9.586236f, within(1e-4f));
            assertThat(logits[323]).isCloseTo(9.138144f, within(1e-4f));
        }
    }
}
