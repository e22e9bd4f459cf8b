package dev.mnemos.tools.mcp;

import static dev.mnemos.tools.mcp.FilesystemServerTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.ToolResult;
import dev.mnemos.tools.ToolWorkers;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A real server that dies, hangs or never starts: the agent gets error results, and the server comes back. */
class McpServerLinkTest {

    private static final AgentKey AGENT = new AgentKey("acme", "survivor");

    private final ToolWorkers workers = new ToolWorkers(4, 16);
    private final ToolRegistry registry = ToolRegistry.standard();
    private final McpServers servers = new McpServers(registry, workers, new McpServerOptions(
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(1),
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2)));

    @AfterEach
    void detach() {
        servers.close();
        workers.close();
    }

    @Test
    void should_answer_with_an_error_then_restart_the_server_when_its_process_is_killed() throws Exception {
        var link = attachEverything();
        var process = link.process().orElseThrow();

        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(2)).until(() -> !link.ready());
        var during = echo("are you there?");

        assertThat(during.error()).isTrue();
        assertThat(during.text()).contains("MCP server 'everything' is unavailable (the server process exited); restart attempt 1 in");
        await().atMost(Duration.ofSeconds(15)).until(() -> !echo("back").error());
        assertThat(echo("after the restart").text()).contains("after the restart");
        assertThat(link.restarts()).isEqualTo(1);
        assertThat(link.process().orElseThrow().pid()).isNotEqualTo(process.pid());
    }

    @Test
    void should_answer_with_a_timeout_then_restart_the_server_when_it_hangs() throws Exception {
        var link = attachEverything();
        var process = link.process().orElseThrow();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "needs /bin/kill to stop a process");

        // SIGSTOP: the process lives on but answers nothing, the way a server stuck in a loop does
        new ProcessBuilder("/bin/kill", "-STOP", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        var hung = echo("hello?");

        assertThat(hung.error()).isTrue();
        assertThat(hung.text()).contains("no answer within 1000 ms");
        await().atMost(Duration.ofSeconds(20)).until(() -> link.restarts() == 1 && link.ready());
        assertThat(echo("awake").text()).contains("awake");
        assertThat(process.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void should_fail_the_attach_with_the_servers_stderr_when_the_server_cannot_start() {
        var config = McpServerConfig.Stdio.of("broken", NpmMcpServers.node(), "no-such-server.js");

        var failure = servers.attach(AGENT, config).subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(Duration.ofSeconds(60)).getFailure();

        assertThat(failure).hasMessageContaining("MCP server 'broken' did not start")
                .hasMessageContaining("Cannot find module");
        assertThat(registry.tools()).isEmpty();
        assertThat(servers.link("broken")).isEmpty();
    }

    private McpServerLink attachEverything() {
        var config = McpServerConfig.Stdio.of("everything", NpmMcpServers.node(), NpmMcpServers.everythingServer(), "stdio");
        await(servers.attach(AGENT, config));
        assertThat(echo("first").text()).contains("first");
        return servers.link("everything").orElseThrow();
    }

    private ToolResult echo(String message) {
        return await(registry.call(AGENT, ToolExecutionRequest.builder()
                .id("1").name("everything__echo").arguments("{\"message\": \"" + message + "\"}").build()));
    }
}
