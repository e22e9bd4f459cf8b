package dev.mnemos.memory.tree;

/**
 * What some work cost in LLM use. Token counts come from the model's own usage report when it
 * gives one, else from the token estimator.
 *
 * @param calls LLM calls made
 * @param inputTokens tokens sent
 * @param outputTokens tokens received
 */
public record LlmCost(long calls, long inputTokens, long outputTokens) {

    public static final LlmCost NONE = new LlmCost(0, 0, 0);

    public LlmCost {
        if (calls < 0 || inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("costs are never negative");
        }
    }

    public LlmCost plus(LlmCost other) {
        return new LlmCost(calls + other.calls, inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }

    /** What was spent since {@code earlier}, a reading of the same meter. */
    public LlmCost minus(LlmCost earlier) {
        return new LlmCost(calls - earlier.calls, inputTokens - earlier.inputTokens, outputTokens - earlier.outputTokens);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
