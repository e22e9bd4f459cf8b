package dev.mnemos.inference.chat;

import java.util.List;

/**
 * What an assistant turn said, split into text and tool calls.
 *
 * @param content   the text outside tool calls, trimmed; empty when the turn only calls tools
 * @param toolCalls the calls, in order; empty when none
 */
public record AssistantReply(String content, List<ToolCall> toolCalls) {

    public AssistantReply {
        content = content == null ? "" : content;
        toolCalls = List.copyOf(toolCalls);
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
