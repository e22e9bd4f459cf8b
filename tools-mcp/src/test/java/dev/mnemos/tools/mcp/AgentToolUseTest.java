package dev.mnemos.tools.mcp;

import static dev.mnemos.tools.mcp.FilesystemServerTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.Reply;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.ToolSyscall;
import dev.mnemos.tools.ToolWorkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent of the real kernel (SQLite store) calls a tool of the real filesystem MCP server and uses what it read;
 * the LLM is scripted: it reads the file, then tells the user what the tool answered.
 */
class AgentToolUseTest {

    private static final AgentKey AGENT = new AgentKey("acme", "sam");

    @TempDir
    Path dir;

    private final ToolWorkers workers = new ToolWorkers(4, 16);
    private final ToolRegistry registry = ToolRegistry.standard();
    private final McpServers servers = new McpServers(registry, workers, new McpServerOptions(
            Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(1),
            new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(5), 1)));
    private SqliteMemoryStore store;
    private Kernel kernel;

    @BeforeEach
    void startKernel() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "The meeting moved to Thursday.");
        await(servers.attach(AGENT, McpServerConfig.Stdio.of("fs", NpmMcpServers.node(), NpmMcpServers.filesystemServer(),
                dir.toString())));
        store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
        var builder = Kernel.builder().store(store).chatModel(new ReadThenTell(dir.resolve("notes.txt")));
        ToolSyscall.all(registry).forEach(builder::syscall);
        kernel = builder.build();
        kernel.blocking(Duration.ofSeconds(20)).start();
        kernel.blocking(Duration.ofSeconds(20)).spawn(AGENT, "Sam", "chat", AgentConfig.DEFAULT,
                List.of(new Block("human", "", 200, false, "what you know about the user", 0)));
    }

    @AfterEach
    void stop() throws Exception {
        if (kernel != null) {
            kernel.close();
            store.close();
        }
        servers.close();
        workers.close();
    }

    @Test
    void should_answer_from_the_file_when_the_agent_calls_the_filesystem_servers_tool() {
        Reply reply = kernel.blocking(Duration.ofSeconds(60)).send(AGENT, "What does notes.txt say?");

        assertThat(reply.status()).isEqualTo(Reply.Status.ANSWERED);
        assertThat(reply.messages()).containsExactly(
                "the tool said (ok): The meeting moved to Thursday.");
    }

    @Test
    void should_answer_with_the_tools_error_and_keep_running_when_the_mcp_server_crashed() throws Exception {
        var process = servers.link("fs").orElseThrow().process().orElseThrow();
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(2)).until(() -> !servers.link("fs").orElseThrow().ready());

        Reply reply = kernel.blocking(Duration.ofSeconds(60)).send(AGENT, "What does notes.txt say?");

        assertThat(reply.status()).isEqualTo(Reply.Status.ANSWERED);
        assertThat(reply.messages()).singleElement().asString()
                .startsWith("the tool said (error): MCP server 'fs' is unavailable (the server process exited)");
    }

    /** A scripted LLM: to a user message it answers with a call of {@code fs__read_text_file}; to the tool result, with what the tool said. */
    private record ReadThenTell(Path file) implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            // the kernel follows a tool result with a heartbeat message: look for the latest tool result itself
            var last = request.messages().reversed().stream()
                    .filter(ToolExecutionResultMessage.class::isInstance).map(ToolExecutionResultMessage.class::cast)
                    .findFirst();
            AiMessage answer;
            if (last.isEmpty()) {
                answer = call("fs__read_text_file", "{\"path\": \"" + file + "\", \"request_heartbeat\": true}");
            } else if (last.get().toolName().equals("fs__read_text_file")) {
                var lines = last.get().text().lines().toList();
                var status = lines.getFirst().contains("status=\"ok\"") ? "ok" : "error";
                var said = String.join(" ", lines.subList(1, lines.size() - 1)).strip();
                answer = call("send_message", "{\"message\": \"the tool said (" + status + "): " + said.replace("\"", "'") + "\"}");
            } else {
                answer = AiMessage.from("(done)");
            }
            return ChatResponse.builder().aiMessage(answer).build();
        }

        private static AiMessage call(String tool, String arguments) {
            return AiMessage.from(ToolExecutionRequest.builder().id("call-" + System.nanoTime()).name(tool).arguments(arguments).build());
        }
    }
}
