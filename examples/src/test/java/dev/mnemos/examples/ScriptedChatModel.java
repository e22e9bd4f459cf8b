package dev.mnemos.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Map;
import java.util.function.Function;

/**
 * A test double of an LLM: agent steps (requests that offer tools) are answered by {@code steps};
 * every other prompt (summaries, MemWalker, PRISM: one user message, no tools) by {@code prompts},
 * which gets the prompt's text.
 */
public final class ScriptedChatModel implements ChatModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The kernel ends every step's window with this note; the newest message is the one before it. */
    private static final String STATISTICS_NOTE = "[system] memory statistics: ";

    private final Function<ChatRequest, AiMessage> steps;
    private final Function<String, String> prompts;

    public ScriptedChatModel(Function<ChatRequest, AiMessage> steps, Function<String, String> prompts) {
        this.steps = steps;
        this.prompts = prompts;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        AiMessage answer = request.toolSpecifications().isEmpty()
                ? AiMessage.from(prompts.apply(((UserMessage) request.messages().getLast()).singleText()))
                : steps.apply(request);
        return ChatResponse.builder().aiMessage(answer).build();
    }

    /** An answer that calls one tool with these arguments. */
    public static AiMessage call(String tool, Map<String, ?> arguments) {
        try {
            return AiMessage.from(ToolExecutionRequest.builder().id("call-" + System.nanoTime()).name(tool)
                    .arguments(JSON.writeValueAsString(arguments)).build());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An answer that tells the user {@code text} and ends the chain. */
    public static AiMessage say(String text) {
        return call("send_message", Map.of("message", text));
    }

    /** The text of the request's last user message (the user's, or a kernel alert), the kernel's statistics note skipped. */
    public static String lastUserText(ChatRequest request) {
        return request.messages().reversed().stream().filter(UserMessage.class::isInstance)
                .map(m -> ((UserMessage) m).singleText()).filter(text -> !text.startsWith(STATISTICS_NOTE)).findFirst().orElse("");
    }

    /** The system message: the prompt with core memory rendered in it. */
    public static String system(ChatRequest request) {
        return request.messages().stream().filter(SystemMessage.class::isInstance)
                .map(m -> ((SystemMessage) m).text()).findFirst().orElse("");
    }

    /** The newest tool result of the request, or empty. */
    public static String lastToolResult(ChatRequest request) {
        return request.messages().reversed().stream().filter(ToolExecutionResultMessage.class::isInstance)
                .map(m -> ((ToolExecutionResultMessage) m).text()).findFirst().orElse("");
    }
}
