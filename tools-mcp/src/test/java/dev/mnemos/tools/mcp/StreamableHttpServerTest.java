package dev.mnemos.tools.mcp;

import static dev.mnemos.tools.mcp.FilesystemServerTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.ToolResult;
import dev.mnemos.tools.ToolWorkers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @modelcontextprotocol/server-everything} in its streamable HTTP mode, on a free loopback port. */
class StreamableHttpServerTest {

    private static final AgentKey AGENT = new AgentKey("acme", "web");

    private final ToolWorkers workers = new ToolWorkers(4, 16);
    private final ToolRegistry registry = ToolRegistry.standard();
    private final McpServers servers = new McpServers(registry, workers, new McpServerOptions(
            Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(1),
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 2)));
    private int port;
    private Process server;

    @BeforeEach
    void startServer() throws Exception {
        port = freePort();
        server = start(port);
    }

    @AfterEach
    void stopServer() {
        servers.close();
        workers.close();
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void should_list_and_call_the_servers_tools_when_attached_over_streamable_http() {
        var attachment = await(servers.attach(AGENT, endpoint()));

        assertThat(attachment.syscalls()).contains("web__echo", "web__get-sum");
        var sum = call("web__get-sum", "{\"a\": 1.5, \"b\": 2}");
        assertThat(sum.error()).isFalse();
        assertThat(sum.text()).contains("3.5");
    }

    @Test
    void should_answer_with_an_error_then_reconnect_when_the_http_server_dies_and_comes_back() throws Exception {
        await(servers.attach(AGENT, endpoint()));
        assertThat(call("web__echo", "{\"message\": \"one\"}").text()).contains("one");

        server.destroyForcibly();
        server.waitFor(10, TimeUnit.SECONDS);
        var during = call("web__echo", "{\"message\": \"two\"}");

        assertThat(during.error()).isTrue();
        assertThat(during.text()).contains("status=\"error\"").contains("MCP server 'web'");
        server = start(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> !call("web__echo", "{\"message\": \"three\"}").error());
        assertThat(call("web__echo", "{\"message\": \"four\"}").text()).contains("four");
        assertThat(servers.link("web").orElseThrow().restarts()).isEqualTo(1);
    }

    private McpServerConfig endpoint() {
        return new McpServerConfig.StreamableHttp("web", URI.create("http://127.0.0.1:" + port + "/mcp"));
    }

    private ToolResult call(String tool, String arguments) {
        return await(registry.call(AGENT, ToolExecutionRequest.builder().id("1").name(tool).arguments(arguments).build()));
    }

    private static Process start(int port) throws IOException {
        var builder = new ProcessBuilder(NpmMcpServers.node(), NpmMcpServers.everythingServer(), "streamableHttp")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(port));
        var process = builder.start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> accepts(port));
        return process;
    }

    private static boolean accepts(int port) {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
