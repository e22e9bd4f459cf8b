package dev.mnemos.cli.serve.letta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemos.cli.serve.Bodies.ToolBody;
import dev.mnemos.memory.core.Block;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of Letta's REST API, as far as mnemos serves it (field names are Letta's). */
public final class LettaBodies {

    private LettaBodies() {}

    public record MemoryBlock(String label, String value, Integer limit, String description) {}

    public record CreateAgent(String name, @JsonProperty("memory_blocks") List<MemoryBlock> memoryBlocks, @JsonProperty("agent_type") String agentType) {}

    public record BlockBody(String id, String label, String value, int limit, String description,
                            @JsonProperty("read_only") boolean readOnly, Map<String, Object> metadata) {
        static BlockBody of(String agentId, Block b) {
            return new BlockBody("block-" + agentId + "-" + b.label(), b.label(), b.value(), b.limit(), b.description(), b.readOnly(), Map.of());
        }
    }

    public record UpdateBlock(String value) {}

    public record Memory(List<BlockBody> blocks) {}

    public record AgentState(String id, String name, @JsonProperty("agent_type") String agentType, String system, Memory memory,
                             List<BlockBody> blocks, List<Object> tools, List<String> tags, Map<String, Object> metadata,
                             @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt) {}

    /**
     * A message to the agent: {@code content} is a string or an array of {@code {"type": "text", "text": ...}} parts.
     *
     * @param otid Letta's offline threading id: the caller's id of the message, under which a retry is stored and answered once
     */
    public record MessageCreate(String role, JsonNode content, String otid) {}

    public record SendMessages(List<MessageCreate> messages, JsonNode input, Boolean streaming,
                               @JsonProperty("stream_tokens") Boolean streamTokens) {}

    /** One message of Letta's union, told apart by {@code message_type}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(String id, String date, @JsonProperty("message_type") String messageType,
                          @JsonProperty("step_id") String stepId, String content, String reasoning,
                          @JsonProperty("tool_call") ToolCall toolCall, @JsonProperty("tool_return") String toolReturn,
                          @JsonProperty("tool_call_id") String toolCallId, String status, String name) {}

    public record ToolCall(String name, String arguments, @JsonProperty("tool_call_id") String toolCallId) {}

    public record StopReason(@JsonProperty("message_type") String messageType, @JsonProperty("stop_reason") String stopReason) {}

    public record Usage(@JsonProperty("message_type") String messageType, @JsonProperty("completion_tokens") int completionTokens,
                        @JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens,
                        @JsonProperty("step_count") int stepCount) {}

    public record LettaResponse(List<Message> messages, @JsonProperty("stop_reason") StopReason stopReason, Usage usage) {}

    public record CreatePassage(String text, List<String> tags) {}

    public record Passage(String id, String text, List<String> tags, @JsonProperty("created_at") String createdAt,
                          @JsonProperty("agent_id") String agentId) {}

    public record SearchResult(String id, String content, String timestamp, List<String> tags) {}

    public record SearchResults(int count, List<SearchResult> results) {}

    /** The fields of {@code PATCH /v1/agents/{id}} that mnemos applies; others are ignored. */
    public record UpdateAgent(String name, String system) {}

    public record Tool(String id, String name, String description, @JsonProperty("tool_type") String toolType,
                       @JsonProperty("source_type") String sourceType, @JsonProperty("json_schema") Map<String, Object> jsonSchema,
                       List<String> tags) {
        static Tool of(ToolBody t) {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("name", t.name());
            schema.put("description", t.description() == null ? "" : t.description());
            schema.put("parameters", t.parameters());
            return new Tool(id(t.name()), t.name(), t.description(), t.server() == null ? "letta_core" : "external_mcp", "json",
                    schema, t.server() == null ? List.of() : List.of("mcp:" + t.server()));
        }

        /** The Letta id of the tool of that name. */
        static String id(String name) {
            return "tool-" + name;
        }
    }
}
