package dev.mnemos.inference.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.mnemos.inference.chat.ChatTemplate;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact token counts in the model's own tokenizer. Messages are counted as the chat template renders
 * them, so the count includes the role markers a context window really spends; a whole request (tools
 * included) is counted as the local chat model renders it ({@link #estimateTokenCountInPrompt}).
 */
public final class LocalTokenCountEstimator implements TokenCountEstimator {

    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final PromptRender render;

    public LocalTokenCountEstimator(Tokenizer tokenizer, ChatTemplate template) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.render = new PromptRender(template, tokenizer);
    }

    /** Counts in the tokenizer and chat template of {@code model}, as its chat models render. */
    public static LocalTokenCountEstimator of(LocalModel model) {
        return new LocalTokenCountEstimator(model.tokenizer(), ChatTemplate.fromGguf(model.model().file().metadata()));
    }

    /**
     * The tokens of the prompt that {@link LocalChatModel} and {@link LocalStreamingChatModel} generate from
     * for these messages and tools (BOS and the generation prompt included), exactly.
     */
    public int estimateTokenCountInPrompt(List<ChatMessage> messages, List<ToolSpecification> tools) {
        return render.ids(render.text(messages, tools)).length;
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
        messages.forEach(message -> rendered.add(PromptRender.message(message)));
        return tokenizer.encode(template.render(rendered, List.of(), false), false, true).length;
    }
}
