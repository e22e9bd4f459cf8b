package dev.mnemos.tools.mcp;

import static dev.mnemos.tools.mcp.FilesystemServerTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.ToolResult;
import dev.mnemos.tools.ToolWorkers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @modelcontextprotocol/server-everything} from npm, attached over stdio. */
class EverythingServerTest {

    private static final AgentKey AGENT = new AgentKey("acme", "tester");

    private final ToolWorkers workers = new ToolWorkers(4, 16);
    private final ToolRegistry registry = ToolRegistry.standard();
    private McpServers servers;

    @BeforeEach
    void attach() {
        servers = new McpServers(registry, workers, McpServerOptions.standard().withToolTimeout(Duration.ofSeconds(2)));
        var config = McpServerConfig.Stdio.of("everything", NpmMcpServers.node(), NpmMcpServers.everythingServer(), "stdio");
        var attachment = await(servers.attach(AGENT, config));
        assertThat(attachment.syscalls()).contains("everything__echo", "everything__get-sum", "everything__get-tiny-image");
        assertThat(attachment.refused()).isEmpty();
    }

    @AfterEach
    void detach() {
        servers.close();
        workers.close();
    }

    @Test
    void should_return_the_servers_text_when_calling_echo_and_get_sum() {
        var echo = call("everything__echo", "{\"message\": \"hello from mnemos\"}");
        var sum = call("everything__get-sum", "{\"a\": 19, \"b\": 23}");

        assertThat(echo.error()).isFalse();
        assertThat(echo.text()).contains("hello from mnemos").startsWith("<tool_output tool=\"everything__echo\" status=\"ok\">");
        assertThat(sum.error()).isFalse();
        assertThat(sum.text()).contains("42");
    }

    @Test
    void should_describe_the_image_instead_of_showing_its_bytes_when_a_tool_returns_one() {
        var image = call("everything__get-tiny-image", "{}");

        assertThat(image.error()).isFalse();
        assertThat(image.text()).containsPattern("\\[image, image/png, \\d+ bytes: not shown]");
        assertThat(image.text()).doesNotContain("iVBOR"); // the start of a PNG in base64
    }

    @Test
    void should_answer_with_a_timeout_error_and_keep_the_server_when_a_call_hangs_but_the_server_answers_pings() {
        long start = System.nanoTime();
        var slow = call("everything__trigger-long-running-operation", "{\"duration\": 30, \"steps\": 2}");
        var elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(slow.error()).isTrue();
        assertThat(slow.text()).contains("no answer within 2000 ms");
        assertThat(elapsed).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
        var echo = call("everything__echo", "{\"message\": \"still here\"}");
        assertThat(echo.text()).contains("still here");
        assertThat(servers.link("everything").orElseThrow().restarts()).isZero();
    }

    private ToolResult call(String tool, String arguments) {
        return await(registry.call(AGENT, ToolExecutionRequest.builder().id("1").name(tool).arguments(arguments).build()));
    }
}
