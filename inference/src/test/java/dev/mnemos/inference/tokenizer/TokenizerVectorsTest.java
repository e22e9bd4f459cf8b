package dev.mnemos.inference.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.gguf.GgufFile;
import dev.mnemos.inference.gguf.SharedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** llama.cpp's own tokenizer tests ({@code tests/test-tokenizer-0}): add_special=false, parse_special=false. */
class TokenizerVectorsTest {

    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    @ParameterizedTest
    @ValueSource(strings = {"ggml-vocab-llama-spm", "ggml-vocab-gpt-2", "ggml-vocab-llama-bpe", "ggml-vocab-qwen2"})
    void should_give_llama_cpp_ids_for_every_test_input(String vocab) throws Exception {
        Tokenizer tokenizer;
        try (GgufFile file = GgufFile.open(SharedModels.path(vocab + ".gguf"))) {
            tokenizer = Tokenizer.fromGguf(file.metadata());
        }
        String inputs = Files.readString(SharedModels.path(vocab + ".gguf.inp"), StandardCharsets.UTF_8);
        List<String> tests = new ArrayList<>(Arrays.asList(inputs.split(SEPARATOR, -1)));
        tests.removeLast(); // the file ends with a separator
        List<String> expected = Files.readAllLines(SharedModels.path(vocab + ".gguf.out"), StandardCharsets.UTF_8);
        assertThat(tests).hasSize(46);
        assertThat(expected).hasSize(46);

        var failures = new ArrayList<String>();
        for (int i = 0; i < tests.size(); i++) {
            String ids = Arrays.stream(tokenizer.encode(tests.get(i), false, false))
                    .mapToObj(Integer::toString)
                    .reduce((a, b) -> a + " " + b)
                    .orElse("");
            if (!ids.equals(expected.get(i).trim())) {
                failures.add("test " + i + " " + escape(tests.get(i)) + "\n  expected " + expected.get(i).trim()
                        + "\n  actual   " + ids);
            }
        }
        assertThat(failures).as(vocab).isEmpty();
    }

    private static String escape(String text) {
        return "\"" + text.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
