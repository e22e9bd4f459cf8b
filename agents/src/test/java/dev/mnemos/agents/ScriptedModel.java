package dev.mnemos.agents;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test double of an LLM, in the style of the kernel's scripted model: agent steps (requests with
 * tools) are answered by {@code steps}, and every other prompt (summaries, MemWalker, PRISM: one
 * user message, no tools) by {@code prompts}, which gets the prompt's text. Thread-safe when the
 * two functions are.
 */
final class ScriptedModel implements ChatModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The kernel ends every step's window with this note; the newest message is the one before it. */
    private static final String STATISTICS_NOTE = "[system] memory statistics: ";

    private final Function<ChatRequest, AiMessage> steps;
    private final Function<String, String> prompts;
    final AtomicInteger stepCalls = new AtomicInteger();
    final AtomicInteger promptCalls = new AtomicInteger();

    ScriptedModel(Function<ChatRequest, AiMessage> steps, Function<String, String> prompts) {
        this.steps = steps;
        this.prompts = prompts;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        AiMessage answer;
        if (request.toolSpecifications().isEmpty()) {
            promptCalls.incrementAndGet();
            answer = AiMessage.from(prompts.apply(((UserMessage) request.messages().getLast()).singleText()));
        } else {
            stepCalls.incrementAndGet();
            answer = steps.apply(request);
        }
        return ChatResponse.builder().aiMessage(answer).tokenUsage(new TokenUsage(request.messages().size(), 1)).build();
    }

    /** An answer that calls one tool with these arguments. */
    static AiMessage call(String tool, Map<String, ?> arguments) {
        try {
            return AiMessage.from(ToolExecutionRequest.builder().id("call-" + System.nanoTime()).name(tool)
                    .arguments(JSON.writeValueAsString(arguments)).build());
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An answer that tells the user {@code text} and ends the chain. */
    static AiMessage say(String text) {
        return call("send_message", Map.of("message", text));
    }

    /** The text of the request's last user message (a user's message or a kernel alert). */
    static String lastUserText(ChatRequest request) {
        return request.messages().reversed().stream().filter(UserMessage.class::isInstance)
                .map(m -> ((UserMessage) m).singleText()).filter(text -> !text.startsWith(STATISTICS_NOTE)).findFirst().orElse("");
    }

    /** The system message: the prompt, with core memory rendered in it. */
    static String system(ChatRequest request) {
        return request.messages().stream().filter(SystemMessage.class::isInstance)
                .map(m -> ((SystemMessage) m).text()).findFirst().orElse("");
    }

    /** The newest tool result of the request, or empty. */
    static String lastToolResult(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        return messages.reversed().stream().filter(ToolExecutionResultMessage.class::isInstance)
                .map(m -> ((ToolExecutionResultMessage) m).text()).findFirst().orElse("");
    }

    /** The names of the tools the request offers. */
    static List<String> toolNames(ChatRequest request) {
        return request.toolSpecifications().stream().map(s -> s.name()).toList();
    }
}
