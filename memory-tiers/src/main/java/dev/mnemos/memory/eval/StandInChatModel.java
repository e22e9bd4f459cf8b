package dev.mnemos.memory.eval;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.Objects;

/**
 * A model that answers every prompt of mnemos' long-memory prompts at once, in the format the
 * prompt asks for and with replies of a realistic size, and reports token usage as the estimator
 * counts it. It understands nothing: it exists to measure what the methods cost in calls and
 * tokens without a real model (a walk always takes the first child and answers at the first leaf).
 */
public final class StandInChatModel implements ChatModel {

    private final TokenCountEstimator estimator;
    private final String summary;
    private int wrongLeaves;

    /** @param summaryWords how many words each summary it writes has */
    public StandInChatModel(TokenCountEstimator estimator, int summaryWords) {
        this(estimator, summaryWords, 0);
    }

    /** @param wrongLeaves how many of the leaves it reads it backs out of before it answers, to price backtracking */
    public StandInChatModel(TokenCountEstimator estimator, int summaryWords, int wrongLeaves) {
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.summary = ("summary " + "word ".repeat(Math.max(0, summaryWords - 1))).strip();
        this.wrongLeaves = wrongLeaves;
    }

    @Override
    public synchronized ChatResponse doChat(ChatRequest request) {
        ChatMessage last = request.messages().getLast();
        String prompt = last instanceof UserMessage user && user.hasSingleText() ? user.singleText() : last.toString();
        String reply = replyTo(prompt.stripTrailing());
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(reply))
                .tokenUsage(new TokenUsage(estimator.estimateTokenCountInText(prompt), estimator.estimateTokenCountInText(reply)))
                .build();
    }

    private String replyTo(String prompt) {
        if (prompt.endsWith("Summary:")) {
            return summary;
        }
        if (prompt.contains("Action: GO <number")) {
            return "Reasoning: the first part looks closest to the question.\nAction: GO 1";
        }
        if (prompt.contains("Action: ANSWER <") && wrongLeaves > 0) {
            wrongLeaves--;
            return "Reasoning: this passage does not say.\nAction: BACK";
        }
        if (prompt.contains("Action: ANSWER <")) {
            return "Reasoning: the passage says so.\nAction: ANSWER the stand-in answer";
        }
        if (prompt.endsWith("Updates:")) {
            return "add /facts/- \"a fact of about a dozen words taken from this chunk of the text\"";
        }
        return "NONE";
    }
}
