package dev.mnemos.inference.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pre-tokenizers that the vocab test files do not reach on their own. */
class PreTokenizerTest {

    @Test
    void should_apply_the_default_expressions_one_after_the_other() {
        // punctuation runs first, then GPT-2 words, then digit runs, then groups of three digits
        assertThat(PreTokenizer.DEFAULT.split("Hello, world!!! 1234"))
                .containsExactly("Hello", ",", " world", "!!!", " ", "123", "4");
    }

    @Test
    void should_keep_digits_in_threes_for_llama3_and_single_for_qwen2() {
        assertThat(PreTokenizer.LLAMA3.split("1234567")).containsExactly("123", "456", "7");
        assertThat(PreTokenizer.QWEN2.split("123")).containsExactly("1", "2", "3");
    }

    @Test
    void should_treat_unicode_white_space_as_whitespace() {
        // U+3000 IDEOGRAPHIC SPACE is White_Space (Java's own \s would not match it, and the two would stay one
        // piece of "other" characters); only a plain space joins the next word, so both stand alone
        assertThat(PreTokenizer.GPT2.split("a\u3000\u3000b")).containsExactly("a", "\u3000", "\u3000", "b");
        assertThat(PreTokenizer.GPT2.split("a  b")).containsExactly("a", " ", " b");
        assertThat(PreTokenizer.LLAMA3.split("I'M ok\n\n  x")).containsExactly("I", "'M", " ok", "\n\n", " ", " x");
    }

    @Test
    void should_map_pre_tokenizer_names_as_llama_cpp() {
        assertThat(PreTokenizer.forName("llama-bpe")).isEqualTo(PreTokenizer.LLAMA3);
        assertThat(PreTokenizer.forName("llama3")).isEqualTo(PreTokenizer.LLAMA3);
        assertThat(PreTokenizer.forName("qwen2")).isEqualTo(PreTokenizer.QWEN2);
        assertThat(PreTokenizer.forName("gpt-2")).isEqualTo(PreTokenizer.GPT2);
        assertThat(PreTokenizer.forName("default")).isEqualTo(PreTokenizer.DEFAULT);
        assertThat(PreTokenizer.forName("tekken")).isNull();
    }
}
