package dev.mnemos.memory;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;

/**
 * The default token estimator when no model tokenizer is at hand: about four characters of
 * English per token (the ratio BPE tokenizers of the GPT and Llama families show on prose), and at
 * least one token per word; a chat message costs four tokens of framing more, and each tool call
 * it carries as much again plus its name and arguments. Good enough to size segments; use the
 * model's own estimator for budgets that must be exact.
 */
public final class ApproximateTokenCountEstimator implements TokenCountEstimator {

    /** Tokens a chat message costs beyond its text (role markers), as OpenAI's format has it. */
    private static final int PER_MESSAGE = 4;

    @Override
    public int estimateTokenCountInText(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int words = 0;
        int letters = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space) {
                letters++;
                if (!inWord) {
                    words++;
                }
            }
            inWord = !space;
        }
        return Math.max(words, (letters + words + 3) / 4);
    }

    @Override
    public int estimateTokenCountInMessage(ChatMessage message) {
        return switch (message) {
            case UserMessage user -> PER_MESSAGE + estimateTokenCountInText(user.hasSingleText() ? user.singleText() : user.contents().toString());
            case AiMessage ai -> {
                int tokens = PER_MESSAGE + estimateTokenCountInText(ai.text());
                for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                    tokens += PER_MESSAGE + estimateTokenCountInText(call.name()) + estimateTokenCountInText(call.arguments());
                }
                yield tokens;
            }
            case SystemMessage system -> PER_MESSAGE + estimateTokenCountInText(system.text());
            case ToolExecutionResultMessage tool -> PER_MESSAGE + estimateTokenCountInText(tool.toolName()) + estimateTokenCountInText(tool.text());
            default -> PER_MESSAGE + estimateTokenCountInText(message.toString());
        };
    }

    @Override
    public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage message : messages) {
            total += estimateTokenCountInMessage(message);
        }
        return total;
    }
}
