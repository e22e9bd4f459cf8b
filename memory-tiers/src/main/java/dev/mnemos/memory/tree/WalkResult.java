package dev.mnemos.memory.tree;

import java.util.List;

/**
 * How a walk ended.
 *
 * @param outcome answered, or why not
 * @param answer the answer; empty unless {@link Outcome#ANSWERED}
 * @param leafId the leaf that held the answer; null unless answered
 * @param trail every decision, in order
 * @param cost the LLM use of the walk
 */
public record WalkResult(Outcome outcome, String answer, String leafId, List<WalkStep> trail, LlmCost cost) {

    public enum Outcome {
        /** A leaf held the answer. */
        ANSWERED,
        /** Every branch was backed out of: the tree does not hold the answer, as far as the model can tell. */
        NOT_FOUND,
        /** The step budget ran out first. */
        OUT_OF_STEPS
    }

    public WalkResult {
        trail = List.copyOf(trail);
        answer = answer == null ? "" : answer;
    }

    public boolean answered() {
        return outcome == Outcome.ANSWERED;
    }
}
