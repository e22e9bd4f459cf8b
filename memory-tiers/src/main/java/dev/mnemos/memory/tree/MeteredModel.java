package dev.mnemos.memory.tree;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.Objects;

/**
 * A {@link ChatModel} that counts what it is asked: one call per {@link #ask}, tokens from the
 * model's usage report, else from the estimator. Not thread-safe: one per build, walk or run.
 */
public final class MeteredModel {

    private final ChatModel model;
    private final TokenCountEstimator estimator;
    private LlmCost cost = LlmCost.NONE;

    public MeteredModel(ChatModel model, TokenCountEstimator estimator) {
        this.model = Objects.requireNonNull(model, "model");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    /** Sends one user message and produces the text of the reply, empty when the reply has none. */
    public String ask(String prompt) {
        ChatResponse response = model.chat(ChatRequest.builder().messages(UserMessage.from(prompt)).build());
        String reply = response.aiMessage() == null || response.aiMessage().text() == null ? "" : response.aiMessage().text();
        TokenUsage usage = response.tokenUsage();
        long in = usage != null && usage.inputTokenCount() != null ? usage.inputTokenCount() : estimator.estimateTokenCountInText(prompt);
        long out = usage != null && usage.outputTokenCount() != null ? usage.outputTokenCount() : estimator.estimateTokenCountInText(reply);
        cost = cost.plus(new LlmCost(1, in, out));
        return reply;
    }

    /** What was asked so far. */
    public LlmCost cost() {
        return cost;
    }

    public TokenCountEstimator estimator() {
        return estimator;
    }
}
