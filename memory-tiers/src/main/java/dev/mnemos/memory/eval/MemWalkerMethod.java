package dev.mnemos.memory.eval;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.mnemos.memory.tree.BuildProgress;
import dev.mnemos.memory.tree.LlmCost;
import dev.mnemos.memory.tree.MemoryWalker;
import dev.mnemos.memory.tree.SummaryTree;
import dev.mnemos.memory.tree.SummaryTreeBuilder;
import dev.mnemos.memory.tree.TreeBuild;
import dev.mnemos.memory.tree.TreeShape;
import dev.mnemos.memory.tree.WalkResult;

/** MemWalker: one summary tree per document, one walk per question. */
final class MemWalkerMethod implements QaMethod {

    private final MemoryWalker walker;
    private final SummaryTree tree;
    private LlmCost unpaid;

    MemWalkerMethod(ChatModel model, TokenCountEstimator estimator, String document, TreeShape shape, int maxSteps, BuildProgress progress) {
        TreeBuild build = new SummaryTreeBuilder(model, estimator, shape).build("eval", document, progress);
        this.tree = build.tree();
        this.unpaid = build.cost();
        this.walker = new MemoryWalker(model, estimator, maxSteps);
    }

    @Override
    public String name() {
        return "MemWalker";
    }

    @Override
    public Reply answer(String question) {
        WalkResult walk = walker.walk(tree, question);
        LlmCost cost = walk.cost().plus(unpaid);
        unpaid = LlmCost.NONE;
        return new Reply(walk.answered() ? walk.answer() : "", cost);
    }
}
