package dev.mnemos.kernel.testing;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test double of an LLM: answers each step request with the next entry of its script (or with
 * {@link #otherwise} once the script is spent), and each summarizer request (a lone user message,
 * no tools) with {@link #summaries}. Records every request. Thread-safe.
 */
public final class ScriptedChatModel implements ChatModel {

    private final Deque<Function<ChatRequest, AiMessage>> script = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();
    private final List<ChatRequest> summaryRequests = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private Function<ChatRequest, AiMessage> otherwise = r -> AiMessage.from("(the script is spent)");
    private Function<String, String> summaries = prompt -> "summary #" + prompt.length();
    private long delayMillis;

    /** An answer that calls one tool. */
    public static AiMessage call(String tool, String arguments) {
        return AiMessage.from(ToolExecutionRequest.builder().id("call-" + System.nanoTime()).name(tool).arguments(arguments).build());
    }

    /** An answer that calls several tools in order. */
    public static AiMessage calls(ToolExecutionRequest... requests) {
        return AiMessage.from(List.of(requests));
    }

    public synchronized ScriptedChatModel then(Function<ChatRequest, AiMessage> answer) {
        script.addLast(answer);
        return this;
    }

    public ScriptedChatModel then(AiMessage answer) {
        return then(r -> answer);
    }

    public ScriptedChatModel thenCall(String tool, String arguments) {
        return then(r -> call(tool, arguments));
    }

    public synchronized ScriptedChatModel otherwise(Function<ChatRequest, AiMessage> answer) {
        this.otherwise = answer;
        return this;
    }

    /** How summarizer prompts are answered; the function gets the prompt. */
    public synchronized ScriptedChatModel summaries(Function<String, String> answer) {
        this.summaries = answer;
        return this;
    }

    /** Makes every call take this long, as a slow remote model would. */
    public synchronized ScriptedChatModel delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    public synchronized List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<ChatRequest> summaryRequests() {
        return List.copyOf(summaryRequests);
    }

    /** The most calls that ran at the same time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            long delay;
            Function<ChatRequest, AiMessage> answer;
            boolean summary = isSummary(request);
            synchronized (this) {
                delay = delayMillis;
                if (summary) {
                    summaryRequests.add(request);
                    String prompt = ((UserMessage) request.messages().getFirst()).singleText();
                    String text = summaries.apply(prompt);
                    answer = r -> AiMessage.from(text);
                } else {
                    requests.add(request);
                    answer = script.isEmpty() ? otherwise : script.pollFirst();
                }
            }
            if (delay > 0) {
                Thread.sleep(delay);
            }
            return ChatResponse.builder().aiMessage(answer.apply(request)).tokenUsage(new TokenUsage(request.messages().size(), 1)).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static boolean isSummary(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        return request.toolSpecifications().isEmpty() && messages.size() == 1 && messages.getFirst() instanceof UserMessage;
    }
}
