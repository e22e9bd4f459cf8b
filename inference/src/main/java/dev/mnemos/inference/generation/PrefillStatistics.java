package dev.mnemos.inference.generation;

/**
 * What a model's KV sessions saved since it was opened: how many prompts it generated from, how many
 * tokens those prompts had, and how many of them a session already held, so that only the rest were
 * prefilled. A caller takes the figures before and after some generations and subtracts.
 *
 * @param prompts      generations run
 * @param promptTokens tokens of their prompts
 * @param reusedTokens prompt tokens whose KV a session already held (not prefilled again)
 */
public record PrefillStatistics(long prompts, long promptTokens, long reusedTokens) {

    public static final PrefillStatistics NONE = new PrefillStatistics(0, 0, 0);

    /** Prompt tokens that were run through the model. */
    public long prefilledTokens() {
        return promptTokens - reusedTokens;
    }

    /** These figures with one more prompt of {@code tokens}, {@code reused} of them held already. */
    public PrefillStatistics plus(int tokens, int reused) {
        return new PrefillStatistics(prompts + 1, promptTokens + tokens, reusedTokens + reused);
    }

    /** What happened between {@code earlier} and these figures. */
    public PrefillStatistics since(PrefillStatistics earlier) {
        return new PrefillStatistics(prompts - earlier.prompts, promptTokens - earlier.promptTokens, reusedTokens - earlier.reusedTokens);
    }
}
