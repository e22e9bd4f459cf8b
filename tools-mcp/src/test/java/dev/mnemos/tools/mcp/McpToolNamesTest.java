package dev.mnemos.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class McpToolNamesTest {

    @Test
    void should_join_server_and_tool_with_two_underscores_when_both_are_plain() {
        assertThat(McpToolNames.syscallName("fs", "read_text_file")).isEqualTo("fs__read_text_file");
        assertThat(McpToolNames.syscallName("everything", "get-sum")).isEqualTo("everything__get-sum");
    }

    @Test
    void should_replace_characters_that_providers_refuse_when_the_tool_name_has_them() {
        assertThat(McpToolNames.syscallName("web", "search.pages/v2 beta")).isEqualTo("web__search_pages_v2_beta");
    }

    @Test
    void should_cut_to_64_characters_and_stay_unique_when_the_name_is_too_long() {
        var a = McpToolNames.syscallName("server", "x".repeat(80) + "a");
        var b = McpToolNames.syscallName("server", "x".repeat(80) + "b");

        assertThat(a).hasSize(64).startsWith("server__xxx").matches("[a-zA-Z0-9_-]+");
        assertThat(b).hasSize(64).isNotEqualTo(a);
        assertThat(McpToolNames.syscallName("server", "x".repeat(80) + "a")).isEqualTo(a);
    }

    @Test
    void should_refuse_a_server_name_when_it_could_blur_the_separator() {
        assertThatThrownBy(() -> McpToolNames.syscallName("my_fs", "read")).hasMessageContaining("letters, digits or '-'");
        assertThatThrownBy(() -> McpServerConfig.Stdio.of("", "node")).hasMessageContaining("letters, digits or '-'");
        assertThatThrownBy(() -> McpToolNames.syscallName("fs", " ")).hasMessageContaining("a tool without a name");
    }
}
