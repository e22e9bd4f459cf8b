package dev.mnemos.tools.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.tools.mcp.NpmMcpServers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The agent MCP server in a child JVM ({@link ServedAgent}), reached by the MCP Java SDK's client and by the official inspector CLI. */
class AgentMcpServerTest {

    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(JsonMapper.builder().build());

    @TempDir
    Path dir;

    private List<String> serverCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ServedAgent.class.getName(), dir.resolve("mnemos.db").toString());
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    @Test
    void should_answer_and_share_its_memory_when_an_sdk_client_calls_the_tools_over_stdio() {
        List<String> command = serverCommand();
        var parameters = ServerParameters.builder(command.getFirst()).args(command.subList(1, command.size())).build();
        try (var client = McpClient.sync(new StdioClientTransport(parameters, JSON))
                .requestTimeout(Duration.ofSeconds(60))
                .jsonSchemaValidator((schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(null))
                .build()) {
            client.initialize();

            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly(
                    "send_message", "read_core_memory", "edit_core_memory", "search_recall", "search_archival", "insert_passage");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("send_message", Map.of("message", "the heron is back"))))).isEqualTo("You said: the heron is back");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("edit_core_memory", Map.of("label", "human", "mode", "append", "text", "Watches herons.")))))
                    .startsWith("Block 'human' is now (15/500 characters)");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("read_core_memory", Map.of())))).isEqualTo("[human] (15/500 characters)\nWatches herons.");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("search_recall", Map.of("query", "heron"))))).contains("user: the heron is back");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("insert_passage", Map.of("text", "The heron nests by the old mill.", "tags", "birds"))))).startsWith("Kept passage ");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("search_archival", Map.of("query", "where does the heron nest?"))))).contains("The heron nests by the old mill.");

            var refused = client.callTool(new McpSchema.CallToolRequest("edit_core_memory", Map.of("label", "human", "mode", "replace", "text", "x")));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).isEqualTo("mode 'replace' needs 'old_text'");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("send_message", Map.of("message", "still there?"))))).isEqualTo("You said: still there?");
        }
    }

    @Test
    void should_list_and_call_the_tools_when_the_official_inspector_cli_connects() throws Exception {
        String node = NpmMcpServers.node();
        String inspector = NpmMcpServers.inspectorCli();

        String listed = inspect(node, inspector, List.of("--method", "tools/list"));
        String called = inspect(node, inspector, List.of("--method", "tools/call", "--tool-name", "send_message", "--tool-arg", "message=hello inspector"));

        assertThat(listed).contains("\"name\": \"send_message\"", "\"name\": \"search_archival\"", "\"name\": \"insert_passage\"");
        assertThat(called).contains("You said: hello inspector").doesNotContain("\"isError\": true");
    }

    private String inspect(String node, String inspector, List<String> method) throws Exception {
        // the inspector's own options go between the server's program and "--", the program's arguments after it
        List<String> server = serverCommand();
        List<String> command = new ArrayList<>(List.of(node, inspector, server.getFirst()));
        command.addAll(method);
        command.add("--");
        command.addAll(server.subList(1, server.size()));
        Path out = dir.resolve("inspector-" + System.nanoTime() + ".txt");
        // inspector-cli 1.0.3 looks for its package.json relative to the working directory: run it from its own build directory
        Process process = new ProcessBuilder(command).directory(Path.of(inspector).getParent().toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the inspector CLI did not finish in 90 s:\n" + Files.readString(out));
        }
        String output = Files.readString(out);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
