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
 * @param limit the window's size
 */
public record TokenBreakdown(int systemPrompt, int coreMemory, int statistics, int summary, int messages, int tools, int limit) {

    /** The tokens of the whole window. */
    public int total() {
        return systemPrompt + coreMemory + statistics + summary + messages + tools;
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
