package dev.mnemos.agents.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.agents.DocumentAgent;
import dev.mnemos.agents.TestEmbeddings;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.InvalidContentException;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.structured.MemorySchema;
import dev.mnemos.memory.structured.StructuredMemory;
import dev.mnemos.tools.ToolRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentFileTest {

    private static final AgentKey SAM = new AgentKey("acme", "sam");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Saves what it is told about the user, keeps a passage, and otherwise says what its human block holds. */
    private static final class Keeper implements ChatModel {
        /** The kernel ends every step's window with this note; the newest message is the one before it. */
        private static final String STATISTICS_NOTE = "[system] memory statistics: ";

        @Override
        public ChatResponse doChat(ChatRequest request) {
            if (request.toolSpecifications().isEmpty()) {
                return ChatResponse.builder().aiMessage(AiMessage.from("A summary.")).build();
            }
            String last = request.messages().reversed().stream().filter(UserMessage.class::isInstance)
                    .map(m -> ((UserMessage) m).singleText()).filter(text -> !text.startsWith(STATISTICS_NOTE)).findFirst().orElse("");
            String system = request.messages().stream().filter(SystemMessage.class::isInstance).map(m -> ((SystemMessage) m).text()).findFirst().orElse("");
            if (last.startsWith("I live in")) {
                return call("core_memory_append", Map.of("label", "human", "content", last));
            }
            if (last.startsWith("Keep this:")) {
                return call("archival_memory_insert", Map.of("content", last.substring(10).strip()));
            }
            if (last.startsWith("[system]")) {
                return ChatResponse.builder().aiMessage(AiMessage.from("noted")).build();
            }
            return call("send_message", Map.of("message", system.contains("I live in Lisbon") ? "You live in Lisbon." : "I do not know where you live."));
        }

        private static ChatResponse call(String tool, Map<String, String> arguments) {
            try {
                var request = ToolExecutionRequest.builder().id("c-" + System.nanoTime()).name(tool).arguments(JSON.writeValueAsString(arguments)).build();
                return ChatResponse.builder().aiMessage(AiMessage.from(request)).build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String export(AgentRuntime runtime, AgentKey key) {
        var tools = runtime.kernel().blocking(AgentRuntime.TIMEOUT).inspect(key).tools();
        return AgentFiles.write(new AgentExport(runtime.store()).export(key, tools));
    }

    @Test
    void should_give_the_same_bytes_and_a_working_agent_when_exported_imported_and_exported_again() throws Exception {
        EmbeddingModel embeddings = TestEmbeddings.create();
        String first;
        try (var store = SqliteMemoryStore.open(dir.resolve("a.db"));
             var runtime = AgentRuntime.start(store, new Keeper(), embeddings, ToolRegistry.standard())) {
            new ChatAgent(runtime).spawn(SAM, "Sam", ChatAgent.defaultPersona(), "", AgentConfig.DEFAULT);
            var kernel = runtime.kernel().blocking(AgentRuntime.TIMEOUT);
            kernel.send(SAM, "I live in Lisbon.");
            kernel.send(SAM, "Keep this: the spare key is under the blue flowerpot.");
            Files.writeString(dir.resolve("notes.md"), "# Notes\n\nThe boiler is serviced every October.\n");
            new DocumentAgent(runtime).ingest(SAM, dir.resolve("notes.md"));
            store.structuredMemories().save(SAM, StructuredMemory.fresh("input", MemorySchema.builtIn("log"))).await().atMost(AgentRuntime.TIMEOUT);
            first = export(runtime, SAM);
        }

        try (var store = SqliteMemoryStore.open(dir.resolve("b.db"));
             var runtime = AgentRuntime.start(store, new Keeper(), embeddings, ToolRegistry.standard())) {
            AgentKey imported = new AgentImport(store).importAgent(AgentFiles.read(first), null);
            String second = export(runtime, imported);

            assertThat(second).isEqualTo(first);
            AgentFile file = AgentFiles.read(first);
            assertThat(file.messages()).hasSizeGreaterThan(4);
            assertThat(file.archival().passages()).hasSize(2);
            assertThat(file.summaryTrees()).extracting(AgentFile.TreeEntry::id).containsExactly("doc:notes.md");
            assertThat(file.structuredMemories()).extracting(AgentFile.StructuredEntry::name).containsExactly("input");
            assertThat(file.tools()).extracting(AgentFile.ToolEntry::name).contains("send_message", "memory_walk");
            assertThat(first).startsWith("{\n  \"mnemos_agent_file\" : 1,");
            assertThat(runtime.kernel().blocking(AgentRuntime.TIMEOUT).send(imported, "Where do I live?").messages())
                    .containsExactly("You live in Lisbon.");
        }
    }

    @Test
    void should_bring_the_blocks_messages_and_known_tools_over_when_reading_a_letta_agent_file() throws Exception {
        String af;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/letta/companion.af"))) {
            af = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (var store = SqliteMemoryStore.open(dir.resolve("c.db"));
             var runtime = AgentRuntime.start(store, new Keeper(), null, ToolRegistry.standard())) {
            AgentFile file = LettaAgentFile.read(af, "acme", name -> !name.equals("water_the_plants"));
            AgentKey ivy = new AgentImport(store).importAgent(file, null);

            assertThat(ivy).isEqualTo(new AgentKey("acme", "companion-ivy"));
            var process = runtime.kernel().blocking(AgentRuntime.TIMEOUT).process(ivy);
            assertThat(process.name()).isEqualTo("Companion Ivy");
            assertThat(process.block("human").orElseThrow().value()).isEqualTo("Name: Noor\nGrows tomatoes on the balcony.");
            assertThat(process.config().contextWindowTokens()).isEqualTo(16000);
            assertThat(process.config().temperature()).isEqualTo(0.5);
            assertThat(process.config().systemPrompt()).startsWith("You are Ivy");
            assertThat(process.config().tools()).containsExactly("send_message", "core_memory_append");
            assertThat(process.messages()).extracting(m -> m.message().id()).containsExactly("message-1", "message-2", "message-3", "message-4");
            var messages = store.recall().byIds(ivy, java.util.List.of("message-2", "message-3")).await().atMost(AgentRuntime.TIMEOUT);
            assertThat(messages.getFirst().toolCalls().getFirst().name()).isEqualTo("core_memory_append");
            assertThat(messages.getLast().role()).isEqualTo(Role.TOOL);
            assertThat(messages.getLast().toolCallId()).isEqualTo("call-1");
            assertThat(runtime.kernel().blocking(AgentRuntime.TIMEOUT).send(ivy, "Hello again").messages())
                    .containsExactly("I do not know where you live.");
        }
    }

    @Test
    void should_refuse_with_a_clear_reason_when_the_file_is_not_a_mnemos_agent_file_of_this_version() {
        assertThatThrownBy(() -> AgentFiles.read("{\"mnemos_agent_file\": 2}"))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("mnemos agent file version 2 is not readable here; this build reads version 1");
        assertThatThrownBy(() -> AgentFiles.read("{\"agents\": []}"))
                .hasMessage("this is a Letta agent file (.af): read it with LettaAgentFile.read");
        assertThatThrownBy(() -> AgentFiles.read("not json")).hasMessageStartingWith("an agent file must be JSON");
    }
}
