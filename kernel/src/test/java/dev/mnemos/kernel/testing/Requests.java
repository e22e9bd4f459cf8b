package dev.mnemos.kernel.testing;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.List;

/** Reading what the kernel sent the model. */
public final class Requests {

    private Requests() {}

    /** The text of the request's last message (a user message, a kernel notice or a tool result). */
    public static String lastText(ChatRequest request) {
        return text(request.messages().getLast());
    }

    /** The texts of the request's tool results, oldest first. */
    public static List<String> toolResults(ChatRequest request) {
        return request.messages().stream()
                .filter(m -> m instanceof ToolExecutionResultMessage)
                .map(m -> ((ToolExecutionResultMessage) m).text())
                .toList();
    }

    /** The system message: system prompt, core memory, statistics and summary. */
    public static String system(ChatRequest request) {
        return ((SystemMessage) request.messages().getFirst()).text();
    }

    public static String text(ChatMessage message) {
        return switch (message) {
            case UserMessage u -> u.singleText();
            case ToolExecutionResultMessage r -> r.text();
            case SystemMessage s -> s.text();
            default -> message.toString();
        };
    }
}
