package dev.mnemos.memory.eval;

import dev.mnemos.memory.tree.LlmCost;

/**
 * How one method did on a QA set.
 *
 * @param method its name
 * @param correct questions answered right
 * @param total questions asked
 * @param cost every LLM call it made, preparation included
 */
public record MethodScore(String method, int correct, int total, LlmCost cost) {

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }
}
