package dev.mnemos.kernel.impl;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.mnemos.memory.Workers;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The only way to the LLM and the embedding model. Their LangChain4j calls block, so they run on a
 * fixed pool of worker threads whose size bounds how many run at once; steps beyond that wait in
 * the pool's queue (backpressure), and the scheduler bounds how many steps can wait.
 */
final class ModelGate implements AutoCloseable {

    private final ChatModel model;
    private final StreamingChatModel streaming;
    private final ExecutorService workers;

    ModelGate(ChatModel model, StreamingChatModel streaming, int maxConcurrentCalls) {
        if (model == null && streaming == null) {
            throw new IllegalArgumentException("a kernel needs a ChatModel or a StreamingChatModel");
        }
        this.model = model;
        this.streaming = streaming;
        this.workers = Executors.newFixedThreadPool(maxConcurrentCalls, Workers.daemons("mnemos-model"));
    }

    /**
     * Produces the model's answer to {@code request}; with a streaming model, passes each piece of
     * text to {@code tokens} as it arrives. Fails with a {@link CancellationException} when
     * {@code control} is cancelled first.
     */
    Uni<ChatResponse> chat(ChatRequest request, Consumer<String> tokens, StepControl control) {
        if (streaming == null) {
            return call(() -> model.chat(request), control);
        }
        return call(() -> stream(request, tokens), control);
    }

    /** Produces the result of a blocking call run on a model worker; cancelling {@code control} interrupts it. */
    <T> Uni<T> call(Callable<T> work, StepControl control) {
        return Uni.createFrom().emitter(emitter -> {
            Future<?> running = workers.submit(() -> {
                try {
                    emitter.complete(work.call());
                } catch (Throwable t) {
                    emitter.fail(t);
                }
            });
            control.onCancel(() -> {
                // Fail first: the interrupted worker would otherwise report its own failure first.
                emitter.fail(new CancellationException("step cancelled"));
                running.cancel(true);
            });
        });
    }

    private ChatResponse stream(ChatRequest request, Consumer<String> tokens) throws Exception {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streaming.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                tokens.accept(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            // Holding the worker until the stream ends keeps streaming calls inside the same bound.
            return done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
