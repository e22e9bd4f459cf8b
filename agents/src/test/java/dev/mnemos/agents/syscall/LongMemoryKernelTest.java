package dev.mnemos.agents.syscall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.KernelBuilder;
import dev.mnemos.kernel.Reply;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.memory.tree.TreeShape;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The long-memory syscalls inside a running kernel: the agent's LLM calls them as tools, the kernel validates and runs them. */
class LongMemoryKernelTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** The agent's LLM: answers each step with the next tool call of its script, and records what it was sent. */
    private static final class ToolScript implements ChatModel {
        private final Deque<AiMessage> script = new ArrayDeque<>();
        final List<ChatRequest> requests = new ArrayList<>();

        ToolScript call(String tool, String arguments) {
            script.add(AiMessage.from(ToolExecutionRequest.builder().id("call-" + script.size()).name(tool).arguments(arguments).build()));
            return this;
        }

        @Override
        public synchronized ChatResponse doChat(ChatRequest request) {
            requests.add(request);
            return ChatResponse.builder().aiMessage(script.isEmpty() ? AiMessage.from("(done)") : script.poll()).build();
        }
    }

    @Test
    void should_run_memory_walk_and_structured_memory_update_when_the_llm_calls_them() throws Exception {
        AgentKey agent = new AgentKey("acme", "sam");
        ToolScript llm = new ToolScript()
                .call("memory_walk", "{\"query\": \"What is the code of the vault?\", \"request_heartbeat\": true}")
                .call("structured_memory_update", "{\"name\": \"facts\", \"schema\": \"narrative\", \"updates\": \"add /facts/- \\\"the vault code is 4471\\\"\", \"request_heartbeat\": true}")
                .call("send_message", "{\"message\": \"The code is 4471.\"}");
        try (SqliteMemoryStore store = SqliteMemoryStore.open(dir.resolve("mnemos.db"))) {
            KernelBuilder builder = Kernel.builder().store(store).chatModel(llm).sweepInterval(Duration.ofMillis(100));
            LongMemorySyscalls.all(new VaultReader(), new ApproximateTokenCountEstimator(), new TreeShape(40, 4)).forEach(builder::syscall);
            try (Kernel kernel = builder.build()) {
                kernel.blocking(TIMEOUT).start();
                kernel.blocking(TIMEOUT).spawn(agent, "Sam", "chat", AgentConfig.DEFAULT,
                        List.of(new Block("persona", "I am Sam.", 200, false, "who you are", 0)));
                List<Message> history = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    String text = i == 11 ? "Remember: the code of the vault is 4471." : "We spoke about the weather over the harbour again.";
                    history.add(Message.of("old-" + i, i % 2 == 0 ? Role.USER : Role.ASSISTANT, text, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), "old"));
                }
                store.recall().append(agent, history).await().atMost(TIMEOUT);

                Reply reply = kernel.blocking(TIMEOUT).send(agent, "Do you remember the vault code?");

                assertThat(reply.messages()).containsExactly("The code is 4471.");
                assertThat(toolResults(llm.requests.get(1)).getLast()).startsWith("Answer: 4471\nFound in node 0.");
                assertThat(toolResults(llm.requests.get(2)).getLast()).startsWith("Applied 1 of 1 updates to 'facts' (version 1).");
                assertThat(store.structuredMemories().load(agent, "facts").await().atMost(TIMEOUT).orElseThrow().render())
                        .contains("the vault code is 4471");
                assertThat(llm.requests.getFirst().toolSpecifications()).extracting(spec -> spec.name())
                        .contains("memory_walk", "structured_memory_update", "structured_memory_read");
            }
        }
    }

    private static List<String> toolResults(ChatRequest request) {
        return request.messages().stream()
                .filter(m -> m instanceof ToolExecutionResultMessage)
                .map(m -> ((ToolExecutionResultMessage) m).text())
                .toList();
    }
}
