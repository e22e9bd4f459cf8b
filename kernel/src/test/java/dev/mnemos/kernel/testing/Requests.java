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

    /** What the kernel's statistics note, the last message of every step's window, starts with. */
    public static final String STATISTICS_NOTE = "[system] memory statistics: ";

    /**
     * The text of the request's newest message (a user message, a kernel notice or a tool result): the
     * last one, or the one before the statistics note that ends a step's window.
     */
    public static String lastText(ChatRequest request) {
        return text(newest(request));
    }

    /** The request's newest message: the last one, or the one before the statistics note that ends a step's window. */
    public static ChatMessage newest(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        boolean noted = messages.size() > 1 && messages.getLast() instanceof UserMessage u && u.hasSingleText()
                && u.singleText().startsWith(STATISTICS_NOTE);
        return messages.get(messages.size() - (noted ? 2 : 1));
    }

    /** The text of the statistics note that ends a step's window. */
    public static String statistics(ChatRequest request) {
        String last = text(request.messages().getLast());
        if (!last.startsWith(STATISTICS_NOTE)) {
            throw new IllegalArgumentException("the request does not end with the statistics note: " + last);
        }
        return last;
    }

    /** The texts of the request's tool results, oldest first. */
    public static List<String> toolResults(ChatRequest request) {
        return request.messages().stream()
                .filter(m -> m instanceof ToolExecutionResultMessage)
                .map(m -> ((ToolExecutionResultMessage) m).text())
                .toList();
    }

    /** The system message: system prompt, core memory and summary. */
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
