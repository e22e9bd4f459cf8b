package dev.mnemos.memory.eval;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Objects;

/**
 * The model an evaluation asks: every request at temperature 0 and with a cap on the reply, so that
 * runs repeat and a model that never stops (a local one runs to its context's end) costs a bounded time.
 */
final class BoundedReplies implements ChatModel {

    private final ChatModel model;
    private final ChatRequestParameters bounds;

    BoundedReplies(ChatModel model, int maxReplyTokens) {
        this.model = Objects.requireNonNull(model, "model");
        if (maxReplyTokens < 1) {
            throw new IllegalArgumentException("the reply cap must be at least 1 token, got " + maxReplyTokens);
        }
        this.bounds = ChatRequestParameters.builder().temperature(0.0).maxOutputTokens(maxReplyTokens).build();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return model.chat(ChatRequest.builder().messages(request.messages()).parameters(request.parameters().overrideWith(bounds)).build());
    }
}
