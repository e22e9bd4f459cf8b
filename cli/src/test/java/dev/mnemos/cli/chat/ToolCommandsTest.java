package dev.mnemos.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.mnemos.cli.serve.NpmClients;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.ToolWorkers;
import dev.mnemos.tools.mcp.McpServerConfig;
import dev.mnemos.tools.mcp.McpServerOptions;
import dev.mnemos.tools.mcp.McpServers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code /attach} line: split as a shell splits it, so that quoted arguments reach the server whole. */
class ToolCommandsTest {

    @TempDir
    Path dir;

    @Test
    void should_split_words_as_a_shell_does_when_quoted_or_escaped() {
        assertThat(ShellWords.split("  a  'b c'  \"d \\\"e\\\" \\n\"  f\\ g h'i'\"j\" \"\" ")).containsExactly("a", "b c", "d \"e\" \\n", "f g", "hij", "");
        assertThat(ShellWords.split("'it'\\''s'")).containsExactly("it's");
        assertThat(ShellWords.split(" \t ")).isEmpty();
        assertThatThrownBy(() -> ShellWords.split("a 'b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single quote");
        assertThatThrownBy(() -> ShellWords.split("a \"b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("double quote");
        assertThatThrownBy(() -> ShellWords.split("a \\")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backslash");
    }

    @Test
    void should_keep_a_quoted_argument_with_spaces_whole_when_parsing_an_attach_line() {
        McpServerConfig config = ToolCommands.server("files npx -y @modelcontextprotocol/server-filesystem \"/some dir\"");

        assertThat(config).isEqualTo(McpServerConfig.Stdio.of("files", "npx", "-y", "@modelcontextprotocol/server-filesystem", "/some dir"));
        assertThat(ToolCommands.server("web 'http://127.0.0.1:3001/mcp'"))
                .isEqualTo(new McpServerConfig.StreamableHttp("web", URI.create("http://127.0.0.1:3001/mcp")));
        assertThatThrownBy(() -> ToolCommands.server("files")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage");
        assertThatThrownBy(() -> ToolCommands.server("files npx \"/some dir")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_give_the_real_filesystem_server_a_folder_whose_name_has_a_space() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("some dir"));
        Files.writeString(folder.resolve("note.txt"), "hello");
        String line = "files '" + NpmClients.node() + "' '" + NpmClients.installed("@modelcontextprotocol/server-filesystem/dist/index.js")
                + "' \"" + folder + "\"";
        var registry = ToolRegistry.standard();
        var agent = new AgentKey("org", "a");
        try (var workers = ToolWorkers.standard(); var servers = new McpServers(registry, workers, McpServerOptions.standard())) {
            var attached = servers.attach(agent, ToolCommands.server(line)).await().atMost(Duration.ofMinutes(2));

            assertThat(attached.syscalls()).contains("files__list_directory");
            var listed = registry.call(agent, ToolExecutionRequest.builder().id("1").name("files__list_directory")
                    .arguments("{\"path\": \"" + folder + "\"}").build()).await().atMost(Duration.ofMinutes(1));
            assertThat(listed.error()).isFalse();
            assertThat(listed.text()).contains("note.txt");
        }
    }
}
