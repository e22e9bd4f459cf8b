package dev.mnemos.cli.serve.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The JSON bodies of OpenAI's API, as far as mnemos serves it (field names are OpenAI's). */
public final class OpenAiBodies {

    private OpenAiBodies() {}

    /** {@code content} is a string or an array of parts ({@code {"type": "text", "text": ...}}). */
    public record ChatMessage(String role, JsonNode content) {}

    public record ChatCompletionRequest(String model, List<ChatMessage> messages, Boolean stream, Double temperature,
                                        @JsonProperty("top_p") Double topP,
                                        @JsonProperty("max_tokens") Integer maxTokens,
                                        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
                                        JsonNode stop) {}

    public record AssistantMessage(String role, String content) {}

    public record Choice(int index, AssistantMessage message, @JsonProperty("finish_reason") String finishReason) {}

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("completion_tokens") int completionTokens,
                        @JsonProperty("total_tokens") int totalTokens) {}

    public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ChunkChoice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {}

    public record ChatCompletionChunk(String id, String object, long created, String model, List<ChunkChoice> choices) {}

    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {}

    public record ModelList(String object, List<Model> data) {}

    /** {@code input} is a string or an array of strings; {@code encoding_format} is {@code float} (default) or {@code base64}. */
    public record EmbeddingRequest(String model, JsonNode input, @JsonProperty("encoding_format") String encodingFormat) {}

    /** {@code embedding} is an array of floats, or base64 of little-endian float32s. */
    public record Embedding(String object, int index, Object embedding) {}

    public record EmbeddingUsage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {}

    public record EmbeddingList(String object, List<Embedding> data, String model, EmbeddingUsage usage) {}
}
