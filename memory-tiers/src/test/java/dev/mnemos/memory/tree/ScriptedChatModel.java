package dev.mnemos.memory.tree;

import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A test double for an LLM: answers each prompt with the first rule whose condition holds, and
 * records every prompt. It answers instantly and reports token usage as the estimator counts it.
 */
public final class ScriptedChatModel implements ChatModel {

    private record Rule(Predicate<String> when, Function<String, String> reply) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final List<String> prompts = new ArrayList<>();
    private final TokenCountEstimator estimator = new ApproximateTokenCountEstimator();

    /** Adds a rule: prompts that satisfy {@code when} get {@code reply.apply(prompt)}. */
    public ScriptedChatModel on(Predicate<String> when, Function<String, String> reply) {
        rules.add(new Rule(when, reply));
        return this;
    }

    /** Adds a rule for prompts that start with {@code prefix}. */
    public ScriptedChatModel onPromptStarting(String prefix, Function<String, String> reply) {
        return on(prompt -> prompt.startsWith(prefix), reply);
    }

    @Override
    public synchronized ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        String prompt = messages.getLast() instanceof UserMessage user ? user.singleText() : messages.getLast().toString();
        prompts.add(prompt);
        String reply = rules.stream()
                .filter(rule -> rule.when().test(prompt))
                .findFirst()
                .map(rule -> rule.reply().apply(prompt))
                .orElseThrow(() -> new AssertionError("no scripted reply for prompt:\n" + prompt));
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(reply))
                .tokenUsage(new TokenUsage(estimator.estimateTokenCountInText(prompt), estimator.estimateTokenCountInText(reply)))
                .build();
    }

    public synchronized List<String> prompts() {
        return List.copyOf(prompts);
    }

    public synchronized int calls() {
        return prompts.size();
    }

    public synchronized void forget() {
        prompts.clear();
    }
}
