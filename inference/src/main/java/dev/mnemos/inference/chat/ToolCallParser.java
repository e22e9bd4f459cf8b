package dev.mnemos.inference.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds tool calls in a model's output, in the two forms chat templates ask for:
 * <ul>
 *   <li>Hermes / Qwen: {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}, any number, anywhere in the
 *       text (an unclosed last one counts: generation may stop at the end-of-turn token before it closes);</li>
 *   <li>Llama 3.1: the whole output is {@code {"name": ..., "parameters": {...}}} (optionally after
 *       {@code <|python_tag|>}), or several such objects separated by {@code ;}, or a JSON array of them.</li>
 * </ul>
 * A block that is not valid JSON, or has no name, is not a call and stays in the content, so the caller can tell the
 * model what was wrong. Calls get ids {@code call_0}, {@code call_1}, ... in order.
 */
public final class ToolCallParser {

    private static final Pattern HERMES = Pattern.compile("<tool_call>(.*?)(?:</tool_call>|\\z)", Pattern.DOTALL);
    private static final String PYTHON_TAG = "<|python_tag|>";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolCallParser() {
    }

    public static AssistantReply parse(String output) {
        if (output.contains("<tool_call>")) {
            return parseHermes(output);
        }
        String trimmed = output.strip();
        if (trimmed.startsWith(PYTHON_TAG)) {
            trimmed = trimmed.substring(PYTHON_TAG.length()).strip();
        }
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            List<ToolCall> calls = parseLlamaJson(trimmed);
            if (!calls.isEmpty()) {
                return new AssistantReply("", calls);
            }
        }
        return new AssistantReply(output.strip(), List.of());
    }

    private static AssistantReply parseHermes(String output) {
        var calls = new ArrayList<ToolCall>();
        var content = new StringBuilder();
        Matcher matcher = HERMES.matcher(output);
        int end = 0;
        while (matcher.find()) {
            content.append(output, end, matcher.start());
            ToolCall call = toolCall(matcher.group(1).strip(), calls.size());
            if (call == null) {
                content.append(matcher.group());
            } else {
                calls.add(call);
            }
            end = matcher.end();
        }
        content.append(output.substring(end));
        return new AssistantReply(content.toString().strip(), calls);
    }

    private static List<ToolCall> parseLlamaJson(String text) {
        var calls = new ArrayList<ToolCall>();
        try {
            JsonNode whole = JSON.readTree(text);
            if (whole.isArray()) {
                for (JsonNode node : whole) {
                    ToolCall call = toolCall(node, calls.size());
                    if (call == null) {
                        return List.of();
                    }
                    calls.add(call);
                }
                return calls;
            }
        } catch (JsonProcessingException e) {
            // not one JSON value: maybe several calls joined by ';'
        }
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            ToolCall call = toolCall(part.strip(), calls.size());
            if (call == null) {
                return List.of();
            }
            calls.add(call);
        }
        return calls;
    }

    private static ToolCall toolCall(String json, int index) {
        try {
            return toolCall(JSON.readTree(json), index);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A call from {@code {"name": ..., "arguments" | "parameters": ...}}, or null if the node is not one. */
    private static ToolCall toolCall(JsonNode node, int index) {
        if (node == null || !node.isObject() || !node.path("name").isTextual()) {
            return null;
        }
        JsonNode arguments = node.has("arguments") ? node.get("arguments") : node.get("parameters");
        String argumentsJson = arguments == null || arguments.isNull() ? "{}"
                : arguments.isTextual() ? arguments.asText() : arguments.toString();
        return new ToolCall("call_" + index, node.get("name").asText(), argumentsJson);
    }
}
