package dev.mnemos.cli.serve.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnemos.tools.mcp.McpServerConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * How an attached MCP server is kept with its agent ({@link dev.mnemos.memory.agent.ToolServerStore}):
 * {@code {"transport": "stdio", "command", "args", "env"}} or {@code {"transport": "http", "url"}}; the name is the row's.
 */
final class McpServerJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private McpServerJson() {
    }

    static String write(McpServerConfig config) {
        Map<String, Object> fields = switch (config) {
            case McpServerConfig.Stdio s -> Map.of("transport", "stdio", "command", s.command(), "args", s.args(), "env", s.env());
            case McpServerConfig.StreamableHttp h -> Map.of("transport", "http", "url", h.endpoint().toString());
        };
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the configuration of MCP server " + config.name(), e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a configuration this class wrote */
    static McpServerConfig read(String name, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return switch (node.path("transport").asText()) {
                case "stdio" -> new McpServerConfig.Stdio(name, node.path("command").asText(),
                        JSON.convertValue(node.path("args"), new TypeReference<List<String>>() {}),
                        JSON.convertValue(node.path("env"), new TypeReference<Map<String, String>>() {}));
                case "http" -> new McpServerConfig.StreamableHttp(name, URI.create(node.path("url").asText()));
                default -> throw new IllegalArgumentException("MCP server '" + name + "' is stored with an unknown transport: " + json);
            };
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("MCP server '" + name + "' is stored as text that is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
