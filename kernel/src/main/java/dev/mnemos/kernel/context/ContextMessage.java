package dev.mnemos.kernel.context;

import dev.langchain4j.data.message.ChatMessage;
import dev.mnemos.memory.recall.Message;
import java.util.Objects;

/**
 * One message of the FIFO queue: as recall keeps it, as the LLM sees it, and what it costs in tokens
 * (counted once, when it enters the queue).
 */
public record ContextMessage(Message message, ChatMessage chat, int tokens) {

    public ContextMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(chat, "chat");
    }
}
