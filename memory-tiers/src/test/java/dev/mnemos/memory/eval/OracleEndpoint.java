package dev.mnemos.memory.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.io.IOException;
import java.net.InetSocketAddress;

/** An OpenAI-compatible {@code /v1/chat/completions} endpoint on localhost that answers with a scripted model. */
public final class OracleEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    public OracleEndpoint(ChatModel model) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            JsonNode messages = request.path("messages");
            String prompt = messages.get(messages.size() - 1).path("content").asText();
            String reply = model.chat(ChatRequest.builder().messages(UserMessage.from(prompt)).build()).aiMessage().text();
            ObjectNode response = JSON.createObjectNode().put("id", "oracle").put("object", "chat.completion").put("created", 0).put("model", "oracle");
            ObjectNode choice = response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", reply);
            response.putObject("usage").put("prompt_tokens", prompt.length() / 4).put("completion_tokens", reply.length() / 4)
                    .put("total_tokens", (prompt.length() + reply.length()) / 4);
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
