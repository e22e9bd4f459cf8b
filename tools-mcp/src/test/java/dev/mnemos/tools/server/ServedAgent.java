package dev.mnemos.tools.server;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A child process for the server tests: one agent on SQLite ({@code args[0]}) with a scripted LLM
 * that echoes what it is told, served over this process's stdin and stdout. Logs go to stderr only.
 */
public final class ServedAgent {

    static final AgentKey AGENT = new AgentKey("acme", "echo");

    public static void main(String[] args) throws Exception {
        var embeddings = new AllMiniLmL6V2QuantizedEmbeddingModel();
        try (var store = SqliteMemoryStore.open(Path.of(args[0]));
             Kernel kernel = Kernel.builder().store(store).chatModel(new Echo()).embeddingModel(embeddings).build()) {
            kernel.blocking(Duration.ofSeconds(30)).start();
            if (store.agents().get(AGENT).await().atMost(Duration.ofSeconds(10)).isEmpty()) {
                kernel.blocking(Duration.ofSeconds(30)).spawn(AGENT, "Echo", "chat", AgentConfig.DEFAULT,
                        List.of(new Block("human", "", 500, false, "what you know about the user", 0)));
            }
            var space = new EmbeddingSpace(embeddings.modelName() == null ? embeddings.getClass().getSimpleName() : embeddings.modelName(),
                    embeddings.dimension());
            var archival = new ArchivalMemory(store.archival(), embeddings, space, Clock.systemUTC());
            try (var server = AgentMcpServer.stdio(kernel, store, archival, AGENT, System.in, System.out)) {
                server.awaitEnd();
            }
        }
        System.exit(0);
    }

    /** Answers each user message with "You said: ...". */
    private static final class Echo implements ChatModel {
        /** The kernel ends every step's window with this note; the newest message is the one before it. */
        private static final String STATISTICS_NOTE = "[system] memory statistics: ";

        @Override
        public ChatResponse doChat(ChatRequest request) {
            String last = request.messages().reversed().stream().filter(UserMessage.class::isInstance)
                    .map(m -> ((UserMessage) m).singleText()).filter(text -> !text.startsWith(STATISTICS_NOTE)).findFirst().orElse("");
            AiMessage answer = last.startsWith("[system]") ? AiMessage.from("noted")
                    : AiMessage.from(ToolExecutionRequest.builder().id("c-" + System.nanoTime()).name("send_message")
                            .arguments("{\"message\": \"You said: " + last.replace("\\", "").replace("\"", "'") + "\"}").build());
            return ChatResponse.builder().aiMessage(answer).build();
        }
    }
}
