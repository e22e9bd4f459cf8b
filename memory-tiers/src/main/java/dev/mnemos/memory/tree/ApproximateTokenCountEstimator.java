package dev.mnemos.memory.tree;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;

/**
 * The default token estimator when no model tokenizer is at hand: about four characters of
 * English per token (the ratio BPE tokenizers of the GPT and Llama families show on prose), and at
 * least one token per word. Good enough to size segments; use the model's own estimator for
 * budgets that must be exact.
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
        String text = switch (message) {
            case UserMessage user -> user.hasSingleText() ? user.singleText() : user.toString();
            case AiMessage ai -> ai.text() == null ? "" : ai.text();
            case SystemMessage system -> system.text();
            case ToolExecutionResultMessage tool -> tool.text();
            default -> message.toString();
        };
        return PER_MESSAGE + estimateTokenCountInText(text);
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
