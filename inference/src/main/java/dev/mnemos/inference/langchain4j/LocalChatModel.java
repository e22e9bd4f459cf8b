package dev.mnemos.inference.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mnemos.inference.chat.ChatTemplate;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.sampling.SamplerConfig;

/**
 * A LangChain4j {@link ChatModel} over a local GGUF model: the model's own chat template renders the
 * messages and tools, tool calls come back as {@code AiMessage.toolExecutionRequests()}, and each agent's
 * KV session keeps its context prefilled between steps.
 *
 * <pre>{@code
 * LocalModel model = LocalModel.open(path, LocalModel.Options.defaults());
 * ChatModel chat = LocalChatModel.of(model, SamplerConfig.greedy());
 * String answer = chat.chat("Hello");
 * }</pre>
 */
public final class LocalChatModel implements ChatModel {

    private final LocalChat chat;

    LocalChatModel(LocalChat chat) {
        this.chat = chat;
    }

    /** Renders with the file's chat template (or the built-in one its vocabulary suggests) and samples as given. */
    public static LocalChatModel of(LocalModel model, SamplerConfig sampling) {
        return new LocalChatModel(core(model, sampling));
    }

    static LocalChat core(LocalModel model, SamplerConfig sampling) {
        String name = model.model().file().metadata().findString("general.name").orElse("local");
        return new LocalChat(model, ChatTemplate.fromGguf(model.model().file().metadata()), ChatRequestParameters.builder().modelName(name).build(), sampling, name);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return chat.chat(request, text -> {});
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return chat.defaults();
    }
}
