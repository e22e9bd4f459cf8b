package dev.mnemos.tools;

import dev.langchain4j.data.message.ToolExecutionResultMessage;

/**
 * The answer to one tool call, ready for the LLM's context: {@code text} is already truncated, cleaned of non-text
 * content and enclosed in the tool-output fence (see {@link ToolOutputFence}).
 *
 * @param callId the id of the call (from the LLM's tool call); may be {@code null}
 * @param toolName the tool called
 * @param text what the LLM reads
 * @param error whether the call failed (unknown tool, not allowed, bad arguments, timeout, crash, or the tool said so)
 */
public record ToolResult(String callId, String toolName, String text, boolean error) {

    /** This result as the message that goes back to the LLM. */
    public ToolExecutionResultMessage toMessage() {
        return ToolExecutionResultMessage.builder()
                .id(callId)
                .toolName(toolName)
                .text(text)
                .isError(error)
                .build();
    }
}
