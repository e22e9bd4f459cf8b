package dev.mnemos.inference.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.mnemos.inference.chat.ChatTemplate;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact token counts in the model's own tokenizer. Messages are counted as the chat template renders
 * them, so the count includes the role markers a context window really spends.
 */
public final class LocalTokenCountEstimator implements TokenCountEstimator {

    private final Tokenizer tokenizer;
    private final ChatTemplate template;

    public LocalTokenCountEstimator(Tokenizer tokenizer, ChatTemplate template) {
        this.tokenizer = tokenizer;
        this.template = template;
    }

    @Override
    public int estimateTokenCountInText(String text) {
        return tokenizer.encode(text, false, false).length;
    }

    @Override
    public int estimateTokenCountInMessage(ChatMessage message) {
        return estimateTokenCountInMessages(List.of(message));
    }

    @Override
    public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
        List<dev.mnemos.inference.chat.ChatMessage> rendered = new ArrayList<>();
        messages.forEach(message -> rendered.add(LocalChat.message(message)));
        return tokenizer.encode(template.render(rendered, List.of(), false), false, true).length;
    }
}
