package dev.mnemos.kernel.context;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;

/**
 * The estimator for models that bring none: one token per four characters, rounded up, plus four
 * tokens of framing per message (role and separators, as chat templates add them). It errs high
 * for English prose, which keeps the pager early rather than late.
 */
public final class ApproximateTokenCountEstimator implements dev.langchain4j.model.TokenCountEstimator {

    private static final int CHARACTERS_PER_TOKEN = 4;
    private static final int TOKENS_PER_MESSAGE = 4;

    @Override
    public int estimateTokenCountInText(String text) {
        return text == null ? 0 : (text.length() + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
    }

    @Override
    public int estimateTokenCountInMessage(ChatMessage message) {
        int tokens = TOKENS_PER_MESSAGE;
        switch (message) {
            case SystemMessage s -> tokens += estimateTokenCountInText(s.text());
            case UserMessage u -> tokens += u.hasSingleText() ? estimateTokenCountInText(u.singleText()) : estimateTokenCountInText(u.contents().toString());
            case AiMessage a -> {
                tokens += estimateTokenCountInText(a.text());
                for (ToolExecutionRequest call : a.toolExecutionRequests()) {
                    tokens += TOKENS_PER_MESSAGE + estimateTokenCountInText(call.name()) + estimateTokenCountInText(call.arguments());
                }
            }
            case ToolExecutionResultMessage r -> tokens += estimateTokenCountInText(r.toolName()) + estimateTokenCountInText(r.text());
            default -> tokens += estimateTokenCountInText(message.toString());
        }
        return tokens;
    }

    @Override
    public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
        int tokens = 0;
        for (ChatMessage message : messages) {
            tokens += estimateTokenCountInMessage(message);
        }
        return tokens;
    }
}
