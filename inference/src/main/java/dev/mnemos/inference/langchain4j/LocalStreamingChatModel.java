package dev.mnemos.inference.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.sampling.SamplerConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A LangChain4j {@link StreamingChatModel} over a local GGUF model: text reaches
 * {@code onPartialResponse} as each token makes it final, then the whole response (tool calls parsed)
 * reaches {@code onCompleteResponse}. Generation runs on one background thread per model, so
 * {@code chat} returns at once.
 */
public final class LocalStreamingChatModel implements StreamingChatModel, AutoCloseable {

    private final LocalChat chat;
    private final ExecutorService generator = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("mnemos-generate").factory());

    LocalStreamingChatModel(LocalChat chat) {
        this.chat = chat;
    }

    public static LocalStreamingChatModel of(LocalModel model, SamplerConfig sampling) {
        return new LocalStreamingChatModel(LocalChatModel.core(model, sampling));
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        generator.execute(() -> {
            ChatResponse response;
            try {
                response = chat.chat(request, handler::onPartialResponse);
            } catch (RuntimeException e) {
                handler.onError(e);
                return;
            }
            handler.onCompleteResponse(response);
        });
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return chat.defaults();
    }

    /** Stops the background thread (after the generation in progress). */
    @Override
    public void close() {
        generator.shutdown();
    }
}
