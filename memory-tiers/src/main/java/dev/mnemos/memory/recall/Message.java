package dev.mnemos.memory.recall;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message of an agent's history, as recall storage keeps it forever.
 *
 * @param id unique per agent, chosen by the writer (so a retried write is recognised), e.g. a UUIDv7
 * @param role who wrote it
 * @param content the text; empty for an assistant message that only calls tools
 * @param toolCalls the calls an assistant message asks for; empty otherwise
 * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers; else null
 * @param toolName for a {@link Role#TOOL} message, the tool that answered; else null
 * @param createdAt when it was written
 * @param stepId the agent step that produced it
 * @param sequence the position in the agent's history, assigned by the store (1, 2, ...); 0 before storing
 */
public record Message(
        String id,
        Role role,
        String content,
        List<ToolCall> toolCalls,
        String toolCallId,
        String toolName,
        Instant createdAt,
        String stepId,
        long sequence) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        stepId = stepId == null ? "" : stepId;
    }

    public static Message of(String id, Role role, String content, Instant createdAt, String stepId) {
        return new Message(id, role, content, List.of(), null, null, createdAt, stepId, 0);
    }

    public Message withSequence(long newSequence) {
        return new Message(id, role, content, toolCalls, toolCallId, toolName, createdAt, stepId, newSequence);
    }
}
