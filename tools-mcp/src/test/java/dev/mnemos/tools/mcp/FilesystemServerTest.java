package dev.mnemos.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.ToolResult;
import dev.mnemos.tools.ToolWorkers;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @modelcontextprotocol/server-filesystem} from npm, attached over stdio. */
class FilesystemServerTest {

    private static final AgentKey AGENT = new AgentKey("acme", "reader");
    private static final AgentKey STRANGER = new AgentKey("acme", "stranger");

    @TempDir
    Path dir;

    private final ToolWorkers workers = new ToolWorkers(4, 16);
    private final ToolRegistry registry = ToolRegistry.standard();
    private McpServers servers;
    private McpAttachment attachment;

    @BeforeEach
    void attach() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "The meeting moved to Thursday.\n");
        servers = new McpServers(registry, workers, McpServerOptions.standard());
        var config = McpServerConfig.Stdio.of("fs", NpmMcpServers.node(), NpmMcpServers.filesystemServer(), dir.toString());
        attachment = await(servers.attach(AGENT, config));
    }

    @AfterEach
    void detach() {
        servers.close();
        workers.close();
    }

    @Test
    void should_register_the_servers_tools_as_syscalls_when_it_is_attached() {
        assertThat(attachment.refused()).isEmpty();
        assertThat(attachment.syscalls()).contains("fs__read_text_file", "fs__list_directory", "fs__write_file");
        assertThat(registry.specificationsFor(AGENT)).extracting(ToolSpecification::name)
                .containsExactlyElementsOf(attachment.syscalls());
        assertThat(registry.specificationsFor(STRANGER)).isEmpty();
        var read = registry.tool("fs__read_text_file").orElseThrow();
        assertThat(read.description()).isNotBlank();
        assertThat(read.schema().json()).containsEntry("type", "object");
        assertThat(read.specification().parameters().properties()).containsKey("path");
    }

    @Test
    void should_read_a_file_in_the_allowed_directory_when_the_agent_calls_the_tool() {
        var file = dir.resolve("notes.txt").toString();

        var result = call(AGENT, "fs__read_text_file", "{\"path\": \"" + json(file) + "\"}");

        assertThat(result.error()).isFalse();
        assertThat(result.text()).isEqualTo(
                "<tool_output tool=\"fs__read_text_file\" status=\"ok\">\nThe meeting moved to Thursday.\n\n</tool_output>");
    }

    @Test
    void should_answer_with_the_servers_error_when_the_path_is_outside_the_allowed_directory() {
        var result = call(AGENT, "fs__read_text_file", "{\"path\": \"/etc/passwd\"}");

        assertThat(result.error()).isTrue();
        assertThat(result.text()).contains("status=\"error\"").containsIgnoringCase("access denied");
    }

    @Test
    void should_refuse_the_call_before_the_server_sees_it_when_arguments_break_the_schema_or_the_agent_is_not_allowed() {
        var missingPath = call(AGENT, "fs__read_text_file", "{}");
        var stranger = call(STRANGER, "fs__read_text_file", "{\"path\": \"x\"}");

        assertThat(missingPath.error()).isTrue();
        assertThat(missingPath.text()).contains("do not match its schema").contains("path");
        assertThat(stranger.text()).contains("is not allowed for agent 'acme/stranger'");
    }

    private ToolResult call(AgentKey agent, String tool, String arguments) {
        return await(registry.call(agent, ToolExecutionRequest.builder().id("1").name(tool).arguments(arguments).build()));
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static <T> T await(Uni<T> uni) {
        return uni.subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem(Duration.ofSeconds(60)).getItem();
    }
}
