package dev.mnemos.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agent files are written with Jackson 2 (the Quarkus BOM's), while the MCP SDK that agents reach through
 * tools-mcp brings Jackson 3: both must work side by side on this module's class path.
 */
class AgentsWiringTest {

    record Block(String label, String value, int limit) {}

    record AgentFile(int version, String name, List<Block> blocks) {}

    @Test
    void should_round_trip_json_through_both_jackson_generations() throws Exception {
        var agent = new AgentFile(1, "companion", List.of(new Block("human", "Name: Ada", 2000)));

        String written = new ObjectMapper().writeValueAsString(agent);
        assertThat(new ObjectMapper().readValue(written, AgentFile.class)).isEqualTo(agent);

        var mcpJson = new JacksonMcpJsonMapper(JsonMapper.builder().build());
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = mcpJson.readValue(written, Map.class);
        assertThat(tree).containsEntry("name", "companion").containsKey("blocks");
    }
}
