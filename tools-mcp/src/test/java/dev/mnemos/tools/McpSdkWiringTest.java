package dev.mnemos.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The MCP SDK (Jackson 3) works beside the Jackson 2 that the Quarkus BOM fixes for everything else. */
class McpSdkWiringTest {

    private final JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());

    @Test
    void should_read_a_tools_call_request_and_write_a_tool_back() throws Exception {
        var message = McpSchema.deserializeJsonRpcMessage(json, """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"notes.txt"}}}""");
        assertThat(message).isInstanceOf(McpSchema.JSONRPCRequest.class);
        var request = (McpSchema.JSONRPCRequest) message;
        assertThat(request.method()).isEqualTo("tools/call");
        var call = json.convertValue(request.params(), McpSchema.CallToolRequest.class);
        assertThat(call.name()).isEqualTo("read_file");
        assertThat(call.arguments()).containsEntry("path", "notes.txt");

        var tool = McpSchema.Tool.builder()
                .name("read_file")
                .description("Reads a file")
                .inputSchema(Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string"))))
                .build();
        assertThat(json.writeValueAsString(tool)).contains("\"name\":\"read_file\"", "\"inputSchema\"");
    }
}
