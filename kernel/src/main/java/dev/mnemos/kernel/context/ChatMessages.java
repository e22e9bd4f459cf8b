package dev.mnemos.kernel.context;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.ToolCall;
import java.util.List;

/**
 * How a message of recall storage appears to the LLM. Kernel notices ({@code SYSTEM} role: alerts,
 * timers, heartbeats) go in as user messages that start with {@code [system]}, because many chat
 * templates accept a system message only first.
 */
public final class ChatMessages {

    private ChatMessages() {}

    /** The LangChain4j message the LLM sees for {@code message}. */
    public static ChatMessage of(Message message) {
        return switch (message.role()) {
            case USER, SYSTEM -> UserMessage.from(message.content());
            case ASSISTANT -> assistant(message);
            case TOOL -> ToolExecutionResultMessage.from(message.toolCallId(), message.toolName(), message.content());
        };
    }

    /** The tool calls of an LLM answer, as recall keeps them. */
    public static List<ToolCall> toolCalls(AiMessage answer) {
        return answer.toolExecutionRequests().stream()
                .map(r -> new ToolCall(r.id() == null ? "" : r.id(), r.name(), r.arguments()))
                .toList();
    }

    private static ChatMessage assistant(Message message) {
        List<ToolExecutionRequest> calls = message.toolCalls().stream()
                .map(c -> ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.arguments()).build())
                .toList();
        String text = message.content().isEmpty() ? null : message.content();
        if (calls.isEmpty()) {
            return AiMessage.from(text == null ? "" : text);
        }
        return AiMessage.builder().text(text).toolExecutionRequests(calls).build();
    }
}
