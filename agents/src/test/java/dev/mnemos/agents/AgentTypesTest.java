package dev.mnemos.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.tools.ToolRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTypesTest {

    @TempDir
    Path dir;

    @Test
    void should_create_each_type_with_its_tools_when_named() throws Exception {
        try (var store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
             var runtime = AgentRuntime.start(store, new ScriptedModel(r -> ScriptedModel.say("hi"), p -> ""), null, ToolRegistry.standard())) {
            for (String type : AgentTypes.NAMES) {
                var process = AgentTypes.create(runtime, type, new AgentKey("acme", type), type);
                assertThat(process.type()).isEqualTo(type);
                assertThat(process.config().tools()).contains("send_message");
            }
            assertThat(store.structuredMemories().list(new AgentKey("acme", "long-input")).await().atMost(AgentRuntime.TIMEOUT))
                    .containsExactly(LongInputAgent.MEMORY);
            assertThatThrownBy(() -> AgentTypes.create(runtime, "poet", new AgentKey("acme", "p"), "p"))
                    .hasMessage("no agent type 'poet'; the types are chat, document, long-input");
        }
    }
}
