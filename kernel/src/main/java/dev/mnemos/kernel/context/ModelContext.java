package dev.mnemos.kernel.context;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;

/**
 * What a model whose prompt the kernel can measure exactly tells it (a local model does: its own chat
 * template and tokenizer). With one, the main context is counted as the model renders it and never
 * budgeted past the model's context; without one, the kernel estimates and leaves a margin.
 */
public interface ModelContext {

    /** Positions the model holds, prompt and answer together. */
    int contextTokens();

    /** The tokens of the prompt the model renders from {@code messages} and {@code tools}, generation prompt included. */
    int promptTokens(List<ChatMessage> messages, List<ToolSpecification> tools);
}
