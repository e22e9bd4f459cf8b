package dev.mnemos.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which LLM a session uses, from the command line first and then the environment:
 * {@code --model FILE.gguf} or {@code MNEMOS_MODEL} (the local inference core),
 * {@code MNEMOS_OPENAI_BASE_URL} (+ {@code MNEMOS_OPENAI_MODEL}, {@code MNEMOS_OPENAI_API_KEY}),
 * {@code MNEMOS_OLLAMA_URL} (+ {@code MNEMOS_OLLAMA_MODEL}), or {@code ANTHROPIC_API_KEY}.
 */
public sealed interface LlmChoice {

    record LocalModel(Path file) implements LlmChoice {}

    record OpenAiCompatible(String baseUrl, String model) implements LlmChoice {}

    record Ollama(String baseUrl, String model) implements LlmChoice {}

    record Anthropic(String model) implements LlmChoice {}

    /** How to configure one; printed when none is. */
    String HOW_TO_CONFIGURE = """
            No LLM is configured. Give one of:
              --model FILE.gguf                      a local GGUF model, run by mnemos itself
              MNEMOS_OPENAI_BASE_URL=URL             any OpenAI-compatible endpoint (MNEMOS_OPENAI_MODEL, MNEMOS_OPENAI_API_KEY)
              MNEMOS_OLLAMA_URL=URL                  an Ollama server (MNEMOS_OLLAMA_MODEL)
              ANTHROPIC_API_KEY=KEY                  Anthropic (MNEMOS_ANTHROPIC_MODEL)""";

    static Optional<LlmChoice> from(Path modelOption, Map<String, String> env) {
        if (modelOption != null) {
            return Optional.of(new LocalModel(modelOption));
        }
        if (present(env, "MNEMOS_MODEL")) {
            return Optional.of(new LocalModel(Path.of(env.get("MNEMOS_MODEL"))));
        }
        if (present(env, "MNEMOS_OPENAI_BASE_URL")) {
            return Optional.of(new OpenAiCompatible(env.get("MNEMOS_OPENAI_BASE_URL"), env.getOrDefault("MNEMOS_OPENAI_MODEL", "gpt-4o-mini")));
        }
        if (present(env, "MNEMOS_OLLAMA_URL")) {
            return Optional.of(new Ollama(env.get("MNEMOS_OLLAMA_URL"), env.getOrDefault("MNEMOS_OLLAMA_MODEL", "llama3.2")));
        }
        if (present(env, "ANTHROPIC_API_KEY")) {
            return Optional.of(new Anthropic(env.getOrDefault("MNEMOS_ANTHROPIC_MODEL", "claude-sonnet-4-5")));
        }
        return Optional.empty();
    }

    private static boolean present(Map<String, String> env, String key) {
        String value = env.get(key);
        return value != null && !value.isBlank();
    }

    /** One line for the user: which LLM and where. */
    default String describe() {
        return switch (this) {
            case LocalModel m -> "local GGUF model " + m.file();
            case OpenAiCompatible o -> "OpenAI-compatible endpoint " + o.baseUrl() + " (model " + o.model() + ")";
            case Ollama o -> "Ollama at " + o.baseUrl() + " (model " + o.model() + ")";
            case Anthropic a -> "Anthropic (model " + a.model() + ")";
        };
    }
}
