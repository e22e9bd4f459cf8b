package dev.mnemos.cli.serve.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.mnemos.cli.LlmChoice;
import dev.mnemos.cli.llm.LanguageModels;
import dev.mnemos.cli.serve.ErrorResponses;
import dev.mnemos.cli.serve.ServedMnemos;
import dev.mnemos.cli.serve.openai.OpenAiBodies.AssistantMessage;
import dev.mnemos.cli.serve.openai.OpenAiBodies.ChatCompletion;
import dev.mnemos.cli.serve.openai.OpenAiBodies.ChatCompletionChunk;
import dev.mnemos.cli.serve.openai.OpenAiBodies.ChatCompletionRequest;
import dev.mnemos.cli.serve.openai.OpenAiBodies.Choice;
import dev.mnemos.cli.serve.openai.OpenAiBodies.ChunkChoice;
import dev.mnemos.cli.serve.openai.OpenAiBodies.Delta;
import dev.mnemos.cli.serve.openai.OpenAiBodies.Usage;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * OpenAI's {@code POST /v1/chat/completions}, answered by the served LLM (the local inference
 * core with {@code --model}); with {@code "stream": true}, Server-Sent Events of
 * {@code chat.completion.chunk} objects ending with {@code data: [DONE]}. Any {@code model} name is
 * answered by the one served LLM.
 */
@Path("/v1/chat/completions")
public class ChatCompletionsResource {

    @Inject
    ServedMnemos served;

    @Inject
    ObjectMapper json;

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(ChatCompletionRequest body) {
        ChatRequest request = ChatRequests.of(body);
        LanguageModels models = served.models().orElseThrow(() -> new ErrorResponses.Unavailable(LlmChoice.HOW_TO_CONFIGURE));
        String id = "chatcmpl-" + UUID.randomUUID();
        long created = Instant.now().getEpochSecond();
        String model = served.modelId().orElseThrow();
        if (Boolean.TRUE.equals(body.stream())) {
            return Response.ok(stream(models, request, id, created, model)).type(MediaType.SERVER_SENT_EVENTS).build();
        }
        ChatResponse response = models.chat().chat(request);
        return Response.ok(new ChatCompletion(id, "chat.completion", created, model,
                List.of(new Choice(0, new AssistantMessage("assistant", response.aiMessage().text()), finishReason(response.finishReason()))),
                usage(response.tokenUsage()))).type(MediaType.APPLICATION_JSON).build();
    }

    /** Each event is written and flushed as the model produces it (a StreamingOutput on a worker thread). */
    private StreamingOutput stream(LanguageModels models, ChatRequest request, String id, long created, String model) {
        return out -> {
            Multi.createFrom().<String>emitter(emitter -> models.streaming().chat(request, handler(emitter, id, created, model)))
                    .subscribe().asStream().forEach(event -> {
                        try {
                            out.write(event.getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        };
    }

    private StreamingChatResponseHandler handler(MultiEmitter<? super String> emitter, String id, long created, String model) {
        emitter.emit(event(new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(new ChunkChoice(0, new Delta("assistant", ""), null)))));
        return new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                emitter.emit(event(new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(new ChunkChoice(0, new Delta(null, text), null)))));
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                emitter.emit(event(new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                        List.of(new ChunkChoice(0, new Delta(null, null), finishReason(response.finishReason()))))));
                emitter.complete();
            }

            @Override
            public void onError(Throwable error) {
                emitter.fail(error);
            }
        };
    }

    private String event(Object chunk) {
        try {
            return "data: " + json.writeValueAsString(chunk) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String finishReason(FinishReason reason) {
        return reason == FinishReason.LENGTH ? "length" : "stop";
    }

    private static Usage usage(TokenUsage usage) {
        if (usage == null) {
            return new Usage(0, 0, 0);
        }
        int in = usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        return new Usage(in, out, in + out);
    }
}
