package dev.mnemos.memory.eval;

import dev.mnemos.memory.tree.LlmCost;

/**
 * How one method did on a QA set.
 *
 * @param method its name
 * @param correct questions answered right
 * @param total questions asked
 * @param failed questions that got no answer because a call failed (counted wrong)
 * @param cost every LLM call it made, preparation included (failed questions' calls are not known)
 */
public record MethodScore(String method, int correct, int total, int failed, LlmCost cost) {

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }
}
