package dev.mnemos.examples;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * The LLM of the examples that need a real one: an OpenAI-compatible endpoint named by the environment,
 * {@code MNEMOS_OPENAI_BASE_URL}, {@code MNEMOS_OPENAI_MODEL} (default gpt-4o-mini) and, when it needs one,
 * {@code MNEMOS_OPENAI_API_KEY}.
 */
public final class OpenAiEndpoint {

    private OpenAiEndpoint() {}

    /** The model of the endpoint; prints {@code usage} and exits with 2 when no endpoint is set or the arguments are wrong. */
    public static ChatModel fromEnvironment(boolean argumentsFit, String usage) {
        String baseUrl = System.getenv("MNEMOS_OPENAI_BASE_URL");
        if (baseUrl == null || !argumentsFit) {
            System.err.println("usage: MNEMOS_OPENAI_BASE_URL=... [MNEMOS_OPENAI_MODEL=...] [MNEMOS_OPENAI_API_KEY=...] " + usage);
            System.exit(2);
        }
        return OpenAiChatModel.builder().baseUrl(baseUrl)
                .apiKey(System.getenv().getOrDefault("MNEMOS_OPENAI_API_KEY", "none"))
                .modelName(System.getenv().getOrDefault("MNEMOS_OPENAI_MODEL", "gpt-4o-mini")).build();
    }
}
