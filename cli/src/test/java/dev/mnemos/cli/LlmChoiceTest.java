package dev.mnemos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmChoiceTest {

    @Test
    void should_prefer_the_command_line_model_over_the_environment() {
        var choice = LlmChoice.from(Path.of("a.gguf"), Map.of("MNEMOS_OPENAI_BASE_URL", "http://127.0.0.1:8080/v1"));
        assertThat(choice).contains(new LlmChoice.LocalModel(Path.of("a.gguf")));
    }

    @Test
    void should_read_an_openai_compatible_endpoint_from_the_environment() {
        var choice = LlmChoice.from(null, Map.of("MNEMOS_OPENAI_BASE_URL", "http://127.0.0.1:8080/v1", "MNEMOS_OPENAI_MODEL", "qwen"));
        assertThat(choice.orElseThrow().describe()).isEqualTo("OpenAI-compatible endpoint http://127.0.0.1:8080/v1 (model qwen)");
    }

    @Test
    void should_choose_nothing_when_nothing_is_configured() {
        assertThat(LlmChoice.from(null, Map.of("MNEMOS_MODEL", " "))).isEmpty();
    }
}
