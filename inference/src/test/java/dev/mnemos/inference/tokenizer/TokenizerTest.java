package dev.mnemos.inference.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.inference.gguf.GgufArray;
import dev.mnemos.inference.gguf.GgufFile;
import dev.mnemos.inference.gguf.GgufMetadata;
import dev.mnemos.inference.gguf.GgufValue;
import dev.mnemos.inference.gguf.ModelFormatException;
import dev.mnemos.inference.gguf.SharedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    static Tokenizer tokenizer(String file) {
        return TOKENIZERS.computeIfAbsent(file, name -> {
            try (GgufFile gguf = GgufFile.open(SharedModels.path(name))) {
                return Tokenizer.fromGguf(gguf.metadata());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void should_add_bos_as_llama_cpp_when_encoding_the_stories_prompt() {
        Tokenizer stories = tokenizer("stories260K.gguf");
        assertThat(stories.encode("Once upon a time")).containsExactly(1, 403, 407, 261, 378);
        assertThat(stories.addsBos()).isTrue();
        assertThat(stories.encode("Once upon a time", false, false)).containsExactly(403, 407, 261, 378);
    }

    @Test
    void should_decode_llama_cpp_greedy_output_of_stories260K() {
        Tokenizer stories = tokenizer("stories260K.gguf");
        int[] generated = {432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337, 410, 408,
            419, 292, 411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432, 352, 266, 268, 388,
            426, 338, 391, 266, 267, 337, 335, 312, 432, 398, 312, 286, 267, 414, 270, 333, 415, 426, 13, 438, 310, 439,
            419, 357, 336};
        var text = new StringBuilder();
        for (int id : generated) {
            text.append(new String(stories.piece(id, false), StandardCharsets.UTF_8));
        }
        assertThat(text.toString()).isEqualTo(", there was a little girl named Lily. She loved to play outside in the"
                + " park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\n"
                + "Lily's mom said");
    }

    @Test
    void should_round_trip_text_through_each_tokenizer() {
        String text = "Hello, y'all! How are you 😁?我想在apple工作1314151天～\n\tcode: x += 1;";
        for (String file : new String[] {"ggml-vocab-llama-spm.gguf", "ggml-vocab-llama-bpe.gguf",
            "ggml-vocab-qwen2.gguf"}) {
            Tokenizer tokenizer = tokenizer(file);
            assertThat(tokenizer.decode(tokenizer.encode(text, false, false))).as(file).isEqualTo(text);
        }
        Tokenizer spm = tokenizer("ggml-vocab-llama-spm.gguf");
        assertThat(spm.decode(spm.encode(" leading space", false, false))).isEqualTo(" leading space");
    }

    @Test
    void should_clean_up_spaces_on_decoding_as_llama_cpp_when_the_model_asks_for_it() {
        Tokenizer llama3 = tokenizer("ggml-vocab-llama-bpe.gguf"); // clean_spaces: BPE's default
        Tokenizer qwen = tokenizer("ggml-vocab-qwen2.gguf"); // clean_spaces off for qwen2
        String text = "Really ? Yes , it 's so";
        assertThat(llama3.decode(llama3.encode(text, false, false))).isEqualTo("Really? Yes, it's so");
        assertThat(qwen.decode(qwen.encode(text, false, false))).isEqualTo(text);
    }

    @Test
    void should_match_control_tokens_only_when_parsing_special() {
        Tokenizer llama3 = tokenizer("ggml-vocab-llama-bpe.gguf");
        String text = "<|start_header_id|>user<|end_header_id|>";
        assertThat(llama3.encode(text, false, true)).containsExactly(128006, 882, 128007);
        assertThat(llama3.encode(text, false, false)).hasSizeGreaterThan(3).doesNotContain(128006, 128007);
        assertThat(llama3.encode("hi", true, false)).containsExactly(128000, 6151);
        assertThat(llama3.decode(new int[] {128000, 6151, 128009})).isEqualTo("hi");
        assertThat(llama3.decode(new int[] {128000, 6151, 128009}, true)).isEqualTo("<|begin_of_text|>hi<|eot_id|>");
    }

    @Test
    void should_prefix_a_space_after_a_special_token_as_llama_cpp_sentencepiece() {
        Tokenizer stories = tokenizer("stories260K.gguf");
        int[] once = stories.encode("Once", false, false); // "▁Once": the space SentencePiece puts first
        int[] afterBos = stories.encode("<s>Once", false, true);
        assertThat(afterBos[0]).isEqualTo(1);
        assertThat(Arrays.copyOfRange(afterBos, 1, afterBos.length)).containsExactly(once);
        assertThat(stories.encode("<s>", false, false)).doesNotContain(1); // text, not the control token
    }

    @Test
    void should_match_user_defined_tokens_even_without_parsing_special() {
        Tokenizer qwen = tokenizer("ggml-vocab-qwen2.gguf");
        int[] ids = qwen.encode("<think>ok</think><|im_end|>", true, false);
        assertThat(ids[0]).isEqualTo(151667);
        assertThat(ids).contains(151668).doesNotContain(151645);
        assertThat(qwen.encode("<|im_start|>", false, true)).containsExactly(151644);
        assertThat(qwen.addsBos()).isFalse();
    }

    @Test
    void should_know_the_end_of_generation_tokens_as_llama_cpp() {
        Tokenizer qwen = tokenizer("ggml-vocab-qwen2.gguf");
        assertThat(qwen.eos()).isEqualTo(151645);
        assertThat(qwen.eot()).isEqualTo(151645);
        assertThat(qwen.endOfGeneration()).containsExactlyInAnyOrder(128247, 151643, 151645, 151662);
        Tokenizer llama3 = tokenizer("ggml-vocab-llama-bpe.gguf");
        assertThat(llama3.bos()).isEqualTo(128000);
        assertThat(llama3.eot()).isEqualTo(128009);
        assertThat(llama3.endOfGeneration()).containsExactlyInAnyOrder(128001, 128009);
        Tokenizer spm = tokenizer("ggml-vocab-llama-spm.gguf");
        assertThat(spm.endOfGeneration()).containsExactly(2);
        assertThat(spm.eot()).isEqualTo(Tokenizer.NONE);
        assertThat(tokenizer("ggml-vocab-gpt-2.gguf").endOfGeneration()).containsExactly(50256);
    }

    @Test
    void should_use_byte_tokens_when_a_character_has_no_piece() {
        Tokenizer stories = tokenizer("stories260K.gguf"); // 512 tokens: most characters fall back to bytes
        int[] ids = stories.encode("ж", false, false); // U+0436, UTF-8 D0 B6
        assertThat(ids).containsExactly(stories.encode(" ", false, false)[0], 3 + 0xD0, 3 + 0xB6);
        assertThat(stories.tokenText(3 + 0xD0)).isEqualTo("<0xD0>");
        assertThat(stories.decode(ids)).isEqualTo("ж");
    }

    /** The text that {@code scripts/bench-tokenizer} times ({@link TokenizerBench}): about 100 kB of mixed prose. */
    static String hundredKilobytes() {
        String paragraph = "Once upon a time, in a land far away, there lived 3 curious foxes who loved "
                + "reading llama.cpp's tokenizer (tokenizer.ggml.pre = \"llama-bpe\") — and 日本語 too!\n";
        return paragraph.repeat(100_000 / paragraph.length() + 1);
    }

    @Test
    void should_encode_100_kilobytes_into_ids_that_decode_back_to_the_text() {
        String text = hundredKilobytes();
        for (String file : TokenizerBench.FILES) {
            int[] ids = tokenizer(file).encode(text, false, true);
            assertThat(ids.length).as(file).isGreaterThan(10_000);
            assertThat(tokenizer(file).decode(ids)).as(file).isEqualTo(text);
        }
    }

    @Test
    void should_refuse_merges_that_are_not_strings() {
        var keys = new LinkedHashMap<String, GgufValue>();
        keys.put("tokenizer.ggml.model", GgufValue.ofString("gpt2"));
        keys.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings(List.of("a", "b"))));
        keys.put("tokenizer.ggml.merges", GgufValue.ofArray(GgufArray.ofInts(1, 2)));
        assertThatThrownBy(() -> Tokenizer.fromGguf(new GgufMetadata(keys)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tokenizer.ggml.merges");
    }

    @Test
    void should_refuse_an_unknown_tokenizer_model() {
        var keys = new LinkedHashMap<String, GgufValue>();
        keys.put("tokenizer.ggml.model", GgufValue.ofString("t5"));
        keys.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings(List.of("a"))));
        assertThatThrownBy(() -> Tokenizer.fromGguf(new GgufMetadata(keys)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'t5'");
    }
}
