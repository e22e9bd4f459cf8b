package dev.mnemos.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test double of an OpenAI-compatible endpoint that answers from a script, so that the real
 * {@code mnemos chat} (through LangChain4j's OpenAI client, streaming included) can be driven
 * deterministically:
 * <ul>
 *   <li>"my name is X" → {@code core_memory_append(human, "Name: X")} with a heartbeat, then (in
 *       the heartbeat's step) {@code send_message("Nice to meet you, X.")};
 *   <li>a message containing "slowly" → no answer for a minute (to be cancelled with Ctrl-C);
 *   <li>a prompt that ends in {@code Summary:} (building a summary tree) → a one-line summary, as text;
 *   <li>anything else → {@code send_message("You said: ...")}.
 * </ul>
 */
public final class ScriptedOpenAiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("(?i)my name is (\\w+)");

    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    public ScriptedOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::answer);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void answer(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        JsonNode messages = conversation(request.path("messages"));
        JsonNode last = messages.get(messages.size() - 1);
        String name;
        String arguments;
        String text = last.path("content").asText("");
        if (text.stripTrailing().endsWith("Summary:")) { // a summary tree's prompt: plain text, no tool call
            ObjectNode choice = JSON.createObjectNode().put("index", 0).put("finish_reason", "stop");
            choice.set("message", JSON.createObjectNode().put("role", "assistant").put("content", "A keeper lights the lamp in a storm."));
            send(exchange, "application/json", envelope("chat.completion", choice).toString());
            return;
        }
        Matcher named = NAME.matcher(text);
        if (lastToolWasMemory(messages) && ("tool".equals(last.path("role").asText()) || text.contains("heartbeat"))) {
            name = "send_message";
            arguments = JSON.createObjectNode().put("message", "Nice to meet you, " + latestName(messages) + ".").toString();
        } else if ("user".equals(last.path("role").asText()) && named.find()) {
            name = "core_memory_append";
            arguments = JSON.createObjectNode().put("label", "human").put("content", "Name: " + named.group(1)).put("request_heartbeat", true).toString();
        } else if (text.contains("slowly")) {
            sleepQuietly(60_000);
            name = "send_message";
            arguments = JSON.createObjectNode().put("message", "Finally.").toString();
        } else {
            name = "send_message";
            arguments = JSON.createObjectNode().put("message", "You said: " + lastUserText(messages).replaceAll("\\s+", " ")).toString();
        }
        String callId = "call_" + calls.incrementAndGet();
        if (request.path("stream").asBoolean(false)) {
            stream(exchange, callId, name, arguments);
        } else {
            ObjectNode message = JSON.createObjectNode().put("role", "assistant").putNull("content");
            message.set("tool_calls", toolCalls(callId, name, arguments, false));
            ObjectNode choice = JSON.createObjectNode().put("index", 0).put("finish_reason", "tool_calls");
            choice.set("message", message);
            send(exchange, "application/json", envelope("chat.completion", choice).toString());
        }
    }

    private void stream(HttpExchange exchange, String callId, String name, String arguments) throws IOException {
        StringBuilder body = new StringBuilder();
        ObjectNode thinking = JSON.createObjectNode().put("index", 0).putNull("finish_reason");
        thinking.set("delta", JSON.createObjectNode().put("role", "assistant").put("content", "(thinking) "));
        body.append("data: ").append(envelope("chat.completion.chunk", thinking)).append("\n\n");
        ObjectNode call = JSON.createObjectNode().put("index", 0).putNull("finish_reason");
        call.set("delta", JSON.createObjectNode().set("tool_calls", toolCalls(callId, name, arguments, true)));
        body.append("data: ").append(envelope("chat.completion.chunk", call)).append("\n\n");
        ObjectNode end = JSON.createObjectNode().put("index", 0).put("finish_reason", "tool_calls");
        end.set("delta", JSON.createObjectNode());
        body.append("data: ").append(envelope("chat.completion.chunk", end)).append("\n\n");
        body.append("data: [DONE]\n\n");
        send(exchange, "text/event-stream", body.toString());
    }

    private static ArrayNode toolCalls(String callId, String name, String arguments, boolean indexed) {
        ObjectNode call = JSON.createObjectNode().put("id", callId).put("type", "function");
        if (indexed) {
            call.put("index", 0);
        }
        call.set("function", JSON.createObjectNode().put("name", name).put("arguments", arguments));
        return JSON.createArrayNode().add(call);
    }

    private static ObjectNode envelope(String object, ObjectNode choice) {
        ObjectNode envelope = JSON.createObjectNode().put("id", "scripted").put("object", object).put("created", 0).put("model", "scripted");
        envelope.set("choices", JSON.createArrayNode().add(choice));
        envelope.set("usage", JSON.createObjectNode().put("prompt_tokens", 100).put("completion_tokens", 10).put("total_tokens", 110));
        return envelope;
    }

    /** The request's messages less the kernel's statistics note, which ends every step's window. */
    private static JsonNode conversation(JsonNode messages) {
        JsonNode last = messages.get(messages.size() - 1);
        if (messages.size() < 2 || !"user".equals(last.path("role").asText())
                || !last.path("content").asText("").startsWith("[system] memory statistics: ")) {
            return messages;
        }
        ArrayNode kept = JSON.createArrayNode();
        for (int i = 0; i < messages.size() - 1; i++) {
            kept.add(messages.get(i));
        }
        return kept;
    }

    private static boolean lastToolWasMemory(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode calls = messages.get(i).path("tool_calls");
            if (calls.isArray() && !calls.isEmpty()) {
                return calls.get(0).path("function").path("name").asText().startsWith("core_memory");
            }
        }
        return false;
    }

    private static String latestName(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Matcher named = NAME.matcher(messages.get(i).path("content").asText(""));
            if ("user".equals(messages.get(i).path("role").asText()) && named.find()) {
                return named.group(1);
            }
        }
        return "friend";
    }

    private static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return messages.get(i).path("content").asText("");
            }
        }
        return "";
    }

    private static void send(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up (a cancelled step): nothing to answer
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
