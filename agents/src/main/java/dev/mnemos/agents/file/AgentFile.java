package dev.mnemos.agents.file;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One agent in one JSON file, version {@value #VERSION} (README, "Agent files"): everything needed
 * to run it again elsewhere. Plain data; {@link AgentFiles} writes and reads it.
 *
 * @param version the format's version, {@value #VERSION}; written first, as {@code "mnemos_agent_file"}
 * @param agent identity, configuration and main-context state
 * @param blocks core memory, ordered by label
 * @param messages recall storage: every message, oldest first
 * @param tools the tools the agent's window offers, as the LLM sees them (names, descriptions, schemas)
 * @param archival archival storage, with the vectors (so nothing is embedded again), or null when empty
 * @param summaryTrees MemWalker trees, by id
 * @param structuredMemories PRISM memories, by name
 */
@JsonPropertyOrder({"mnemos_agent_file", "agent", "blocks", "messages", "tools", "archival", "summary_trees", "structured_memories"})
public record AgentFile(
        @JsonProperty("mnemos_agent_file") int version,
        Agent agent,
        List<BlockEntry> blocks,
        List<MessageEntry> messages,
        List<ToolEntry> tools,
        Archival archival,
        List<TreeEntry> summaryTrees,
        List<StructuredEntry> structuredMemories) {

    public static final int VERSION = 1;

    public AgentFile {
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        summaryTrees = summaryTrees == null ? List.of() : List.copyOf(summaryTrees);
        structuredMemories = structuredMemories == null ? List.of() : List.copyOf(structuredMemories);
    }

    /**
     * @param config the kernel's {@code AgentConfig} as JSON
     * @param contextMessageIds the FIFO queue of the main context, oldest first
     */
    @JsonPropertyOrder({"organization", "id", "name", "type", "created_at", "status", "config", "summary", "context_message_ids"})
    public record Agent(String organization, String id, String name, String type, String createdAt, String status,
                        JsonNode config, String summary, List<String> contextMessageIds) {}

    @JsonPropertyOrder({"label", "value", "limit", "read_only", "description"})
    public record BlockEntry(String label, String value, int limit, boolean readOnly, String description) {}

    /** @param role {@code system}, {@code user}, {@code assistant} or {@code tool} */
    @JsonPropertyOrder({"id", "role", "content", "tool_calls", "tool_call_id", "tool_name", "created_at", "step_id"})
    public record MessageEntry(String id, String role, String content, List<ToolCallEntry> toolCalls, String toolCallId,
                               String toolName, String createdAt, String stepId) {}

    @JsonPropertyOrder({"id", "name", "arguments"})
    public record ToolCallEntry(String id, String name, String arguments) {}

    /** @param parameters the JSON schema of the arguments */
    @JsonPropertyOrder({"name", "description", "parameters"})
    public record ToolEntry(String name, String description, JsonNode parameters) {}

    /** @param model the embedding model's name; @param dimension the length of every vector */
    @JsonPropertyOrder({"model", "dimension", "passages"})
    public record Archival(String model, int dimension, List<PassageEntry> passages) {}

    /** @param embedding the vector as little-endian IEEE 754 float32 values, in Base64 */
    @JsonPropertyOrder({"id", "text", "tags", "metadata", "created_at", "embedding"})
    public record PassageEntry(String id, String text, List<String> tags, Map<String, String> metadata, String createdAt, String embedding) {}

    @JsonPropertyOrder({"id", "segment_tokens", "fan_out", "watermark", "nodes"})
    public record TreeEntry(String id, int segmentTokens, int fanOut, long watermark, List<NodeEntry> nodes) {}

    @JsonPropertyOrder({"level", "position", "tokens", "text", "summary"})
    public record NodeEntry(int level, int position, int tokens, String text, String summary) {}

    @JsonPropertyOrder({"name", "version", "schema_name", "schema", "document"})
    public record StructuredEntry(String name, long version, String schemaName, JsonNode schema, JsonNode document) {}
}
