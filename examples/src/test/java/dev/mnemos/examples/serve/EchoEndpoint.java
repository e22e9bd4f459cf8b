package dev.mnemos.examples.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A test double of an LLM behind the OpenAI wire format (the JDK's HTTP server): every chat completion answers
 * {@code You said: <the last user message>}, as one JSON object or, with {@code "stream": true}, as Server-Sent
 * Events of one chunk per word. Deterministic, so that what a client of {@code mnemos serve} prints can be checked.
 */
final class EchoEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    EchoEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    /** The base URL, as {@code MNEMOS_OPENAI_BASE_URL} takes it. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void complete(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String answer = "You said: " + lastUserText(request);
            if (request.path("stream").asBoolean()) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                String[] words = answer.split("(?<= )");
                for (String word : words) {
                    ObjectNode chunk = envelope("chat.completion.chunk");
                    chunk.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("role", "assistant").put("content", word);
                    send(out, chunk.toString());
                }
                ObjectNode last = envelope("chat.completion.chunk");
                last.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
                usage(last, words.length);
                send(out, last.toString());
                send(out, "[DONE]");
            } else {
                ObjectNode response = envelope("chat.completion");
                response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                        .putObject("message").put("role", "assistant").put("content", answer);
                usage(response, answer.split(" ").length);
                byte[] body = response.toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static String lastUserText(JsonNode request) {
        String text = "";
        for (JsonNode message : request.path("messages")) {
            if (message.path("role").asText().equals("user")) {
                JsonNode content = message.path("content");
                String said = content.isArray() ? content.path(0).path("text").asText() : content.asText();
                text = said.startsWith("[system] memory statistics: ") ? text : said;
            }
        }
        return text;
    }

    private static ObjectNode envelope(String object) {
        return JSON.createObjectNode().put("id", "echo-1").put("object", object).put("created", 0).put("model", "echo");
    }

    private static void usage(ObjectNode response, int completionTokens) {
        response.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", completionTokens).put("total_tokens", 100 + completionTokens);
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
