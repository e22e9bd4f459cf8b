package dev.mnemos.cli.serve.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.mnemos.cli.serve.openai.OpenAiBodies.ChatCompletionRequest;
import dev.mnemos.cli.serve.openai.OpenAiBodies.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/** An OpenAI chat completion request as a LangChain4j {@link ChatRequest}; refuses what it cannot carry with IllegalArgumentException (400). */
final class ChatRequests {

    private ChatRequests() {}

    static ChatRequest of(ChatCompletionRequest body) {
        if (body == null || body.messages() == null || body.messages().isEmpty()) {
            throw new IllegalArgumentException("'messages' must be a non-empty array");
        }
        List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>();
        for (ChatMessage m : body.messages()) {
            String text = text(m.content());
            messages.add(switch (m.role() == null ? "" : m.role()) {
                case "system", "developer" -> SystemMessage.from(text);
                case "user" -> UserMessage.from(text);
                case "assistant" -> AiMessage.from(text);
                default -> throw new IllegalArgumentException("message role must be system, developer, user or assistant, got '" + m.role() + "'");
            });
        }
        ChatRequest.Builder request = ChatRequest.builder().messages(messages);
        if (body.temperature() != null) {
            request.temperature(body.temperature());
        }
        if (body.topP() != null) {
            request.topP(body.topP());
        }
        Integer max = body.maxCompletionTokens() != null ? body.maxCompletionTokens() : body.maxTokens();
        if (max != null) {
            if (max < 1) {
                throw new IllegalArgumentException("max_tokens must be positive, got " + max);
            }
            request.maxOutputTokens(max);
        }
        if (body.stop() != null && !body.stop().isNull()) {
            request.stopSequences(body.stop().isArray() ? strings(body.stop()) : List.of(body.stop().asText()));
        }
        return request.build();
    }

    /** A string, or the text parts of an array of parts joined. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText())) {
                    throw new IllegalArgumentException("only text content parts are served, got '" + part.path("type").asText() + "'");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw new IllegalArgumentException("message content must be a string or an array of text parts");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }
}
