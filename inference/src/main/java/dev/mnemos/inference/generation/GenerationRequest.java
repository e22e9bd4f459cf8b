package dev.mnemos.inference.generation;

import dev.mnemos.inference.sampling.SamplerConfig;
import java.util.List;
import java.util.Objects;

/**
 * One generation.
 *
 * @param sessionId   the KV session to run in (one per agent); its cached prefix is reused
 * @param prompt      the whole prompt as token ids (the session works out what it already holds)
 * @param sampler     how to pick tokens
 * @param maxTokens   at most this many new tokens
 * @param stopStrings generation stops before any of these texts (empty: none)
 */
public record GenerationRequest(String sessionId, int[] prompt, SamplerConfig sampler, int maxTokens, List<String> stopStrings) {

    public static final String DEFAULT_SESSION = "default";

    public GenerationRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampler, "sampler");
        stopStrings = List.copyOf(stopStrings);
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must not be negative, got " + maxTokens);
        }
        if (stopStrings.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a stop string must not be empty");
        }
    }

    public GenerationRequest(int[] prompt, SamplerConfig sampler, int maxTokens) {
        this(DEFAULT_SESSION, prompt, sampler, maxTokens, List.of());
    }
}
