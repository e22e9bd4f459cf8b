package dev.mnemos.agents.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The benchmark end to end against a scripted OpenAI-compatible endpoint (the JDK's HTTP server) and the real npm
 * MCP servers, where {@code scripts/bench-tools} or the tools-mcp tests have installed them.
 */
class ToolBenchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SERVERS = Path.of(System.getProperty("basedir", "."))
            .resolve("../tools-mcp/target/mcp-servers/node_modules/@modelcontextprotocol").normalize();
    private static final Pattern SANDBOX = Pattern.compile("(/\\S*sandbox)");

    /** What the scripted model calls for each task's request, if the tool is in its table. */
    private static Map<String, Object> arguments(String tool, String sandbox) {
        return switch (tool) {
            case "fs__read_text_file" -> Map.of("path", sandbox + "/notes.txt");
            case "fs__write_file" -> Map.of("path", sandbox + "/hello.txt", "content", "hi there");
            case "everything__get-sum" -> Map.of("a", 19, "b", 23);
            default -> Map.of();
        };
    }

    /** A scripted LLM behind the OpenAI wire format: calls the task's tool when offered, then tells what it returned. */
    private static String answer(JsonNode request) throws Exception {
        JsonNode messages = request.get("messages");
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (m.path("role").asText().equals("user") && !m.path("content").asText().startsWith("[system]")) {
                lastUser = i;
            }
        }
        String prompt = lastUser < 0 ? "" : messages.get(lastUser).path("content").asText();
        String result = null;
        for (int i = lastUser + 1; i < messages.size(); i++) {
            if (messages.get(i).path("role").asText().equals("tool")) {
                result = messages.get(i).path("content").asText();
            }
        }
        Matcher sandbox = SANDBOX.matcher(prompt);
        Path dir = Path.of(sandbox.find() ? sandbox.group(1) : "/none");
        String tool = ToolTasks.standard().tasks().stream().filter(t -> t.prompt(dir).equals(prompt)).map(ToolTasks.Task::tool).findFirst().orElse("");
        boolean offered = false;
        for (JsonNode t : request.path("tools")) {
            offered |= t.path("function").path("name").asText().equals(tool);
        }
        ObjectNode call;
        if (result == null && offered) {
            var args = new HashMap<String, Object>(arguments(tool, dir.toString()));
            args.put("request_heartbeat", true);
            call = toolCall(tool, JSON.writeValueAsString(args));
        } else {
            call = toolCall("send_message", JSON.writeValueAsString(Map.of("message", result == null ? "I cannot do that here." : "Done: " + result)));
        }
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").putNull("content");
        message.putArray("tool_calls").add(call);
        ObjectNode response = JSON.createObjectNode().put("id", "r1").put("object", "chat.completion").put("created", 0).put("model", "scripted");
        response.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls").set("message", message);
        response.putObject("usage").put("prompt_tokens", 1000).put("completion_tokens", 10).put("total_tokens", 1010);
        return response.toString();
    }

    private static ObjectNode toolCall(String name, String arguments) {
        ObjectNode call = JSON.createObjectNode().put("id", "c" + System.nanoTime()).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        return call;
    }

    @Test
    void should_print_success_rates_and_tokens_when_a_model_endpoint_is_given() throws Exception {
        Assumptions.assumeTrue(Files.exists(SERVERS.resolve("server-filesystem/dist/index.js")),
                "the npm MCP servers are not installed in tools-mcp/target/mcp-servers (scripts/bench-tools or the tools-mcp tests install them)");
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                byte[] body;
                try {
                    body = answer(request).getBytes(StandardCharsets.UTF_8);
                } catch (Exception e) {
                    throw new IOException(e);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try {
            var bench = new ToolBench();
            var printed = new ByteArrayOutputStream();
            bench.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            var command = new CommandLine(bench);
            int exit = command.execute("--servers", SERVERS.toString(), "--openai-base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    "--model", "scripted", "--tasks", "fs-read,fs-write,ev-sum,fs-search", "--top-k", "1");
            String table = printed.toString(StandardCharsets.UTF_8);

            assertThat(exit).as(table).isZero();
            assertThat(table).contains("model scripted at http://127.0.0.1:")
                    .containsPattern("fs-read +fs__read_text_file +NO .* yes +no")
                    .containsPattern("ev-sum +everything__get-sum +yes .* yes +yes")
                    .containsPattern("fs-search +fs__search_files +NO .* no +no")
                    .contains("success rate: 3/4 (75%) with every tool, 2/4 (50%) with retrieval")
                    .contains("model input tokens, both runs: ");
        } finally {
            server.stop(0);
        }
    }
}
