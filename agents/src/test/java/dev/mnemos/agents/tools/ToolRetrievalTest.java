package dev.mnemos.agents.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.agents.SilentModel;
import dev.mnemos.agents.TestEmbeddings;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.tools.ToolRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolRetrievalTest {

    @TempDir
    Path dir;

    private static ToolSpecification tool(String name, String description) {
        return ToolSpecification.builder().name(name).description(description)
                .parameters(JsonObjectSchema.builder().addStringProperty("input").build()).build();
    }

    @Test
    void should_put_only_the_closest_tools_in_the_table_when_a_message_arrives() throws Exception {
        var embeddings = TestEmbeddings.create();
        var tools = List.of(
                tool("fs__read_text_file", "Read the complete contents of a text file from the file system."),
                tool("fs__create_directory", "Create a new directory or make sure a directory exists."),
                tool("everything__get-sum", "Returns the sum of two numbers added together."),
                tool("everything__echo", "Echoes back the input string."),
                tool("weather__forecast", "Gives the weather forecast for a city."));
        try (var store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
             var runtime = AgentRuntime.start(store, new SilentModel(), embeddings, ToolRegistry.standard())) {
            var retrieval = new ToolRetrieval(store, embeddings, EmbeddingSpace.of(embeddings), new AgentKey("acme", "tool-index"));
            retrieval.index(tools);
            AgentKey sam = new AgentKey("acme", "sam");
            new ChatAgent(runtime).spawn(sam, "Sam");

            assertThat(retrieval.select("What is the weather forecast for Lisbon tomorrow?", 1)).containsExactly("weather__forecast");
            List<String> table = retrieval.apply(runtime.kernel(), sam, List.of("send_message"), "Please add these two numbers: 19 and 23, the sum", 2);

            assertThat(table).hasSize(3).startsWith("send_message", "everything__get-sum");
            assertThat(runtime.kernel().blocking(AgentRuntime.TIMEOUT).process(sam).config().tools()).isEqualTo(table);
        }
    }
}
