package dev.mnemos.kernel.context;

/**
 * What each section of the main context costs, in the model's tokens (as its
 * {@link dev.langchain4j.model.TokenCountEstimator} counts them).
 *
 * @param systemPrompt the system prompt
 * @param coreMemory the core memory blocks with their headers
 * @param statistics the memory statistics
 * @param summary the recursive summary (0 when empty)
 * @param messages the FIFO message queue
 * @param tools the tool specifications
 * @param framing what the prompt costs beyond its sections (role markers, BOS, the wrapper of the tool
 *     list, the generation prompt): exact when the model measures its prompt ({@link ModelContext}), where
 *     it may be negative (a template that trims text); else an allowance for the estimate's error
 * @param limit the window's size: what the agent asked for, within the model's context less room for the answer
 */
public record TokenBreakdown(int systemPrompt, int coreMemory, int statistics, int summary, int messages, int tools, int framing,
                             int limit) {

    /** The tokens of the whole window: with a {@link ModelContext}, exactly the prompt the model gets. */
    public int total() {
        return systemPrompt + coreMemory + statistics + summary + messages + tools + framing;
    }

    /** The same counts against another limit. */
    public TokenBreakdown withLimit(int value) {
        return new TokenBreakdown(systemPrompt, coreMemory, statistics, summary, messages, tools, framing, value);
    }

    /** How full the window is, 1.0 at its limit. */
    public double fill() {
        return (double) total() / limit;
    }

    /** The window's fill in whole percent. */
    public int percent() {
        return (int) Math.round(fill() * 100);
    }
}
