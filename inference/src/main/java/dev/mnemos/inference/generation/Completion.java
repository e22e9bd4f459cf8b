package dev.mnemos.inference.generation;

/**
 * What one generation produced.
 *
 * @param tokens             generated ids, the end-of-generation token excluded
 * @param text               their text, cut before a stop string
 * @param finishReason       why it ended
 * @param promptTokens       tokens in the prompt
 * @param reusedPromptTokens prompt tokens whose KV the session already held (not prefilled again)
 */
public record Completion(int[] tokens, String text, FinishReason finishReason, int promptTokens, int reusedPromptTokens) {}
