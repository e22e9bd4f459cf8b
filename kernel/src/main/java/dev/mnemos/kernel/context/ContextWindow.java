package dev.mnemos.kernel.context;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;

/**
 * The exact main context the LLM sees in a step: the messages of the request (first the system
 * message holding the system prompt, core memory and recursive summary, then the FIFO queue, last the
 * {@code [system]} note of the memory statistics), the tools it may call, and the token cost of each
 * section.
 */
public record ContextWindow(List<ChatMessage> messages, List<ToolSpecification> tools, TokenBreakdown tokens) {

    public ContextWindow {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }
}
