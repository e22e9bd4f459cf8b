package dev.mnemos.memory.tree;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Answers a question by walking a summary tree (MemWalker's navigation). From the root, the LLM
 * reads the summaries of the children it has not ruled out and picks one, or backs out; at a leaf
 * it reads the segment and answers, or backs out. Backing out of a node rules it out and returns
 * to its parent; a node whose children are all ruled out is backed out of without asking. The walk
 * ends with an answer, when the root is ruled out, or after {@code maxSteps} LLM decisions.
 *
 * <p>A reply that cannot be read is asked again once, with the error; a second bad reply counts as
 * backing out. A walk that goes straight to the answer makes {@code depth} LLM calls.
 */
public final class MemoryWalker {

    private static final PromptFile NAVIGATE = PromptFile.load(MemoryWalker.class, "navigate.txt");
    private static final PromptFile LEAF = PromptFile.load(MemoryWalker.class, "leaf.txt");
    private static final PromptFile RETRY = PromptFile.load(MemoryWalker.class, "retry.txt");

    private final ChatModel model;
    private final TokenCountEstimator estimator;
    private final int maxSteps;

    /** @param maxSteps the most LLM decisions one walk may take, at least 1 */
    public MemoryWalker(ChatModel model, TokenCountEstimator estimator, int maxSteps) {
        this.model = Objects.requireNonNull(model, "model");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
    }

    /**
     * Produces the answer to {@code query} that the tree holds, with the trail of decisions.
     *
     * @throws IllegalArgumentException for an empty tree or a blank query
     */
    public WalkResult walk(SummaryTree tree, String query) {
        if (tree.isEmpty()) {
            throw new IllegalArgumentException("tree " + tree.id() + " is empty");
        }
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("query must not be blank");
        }
        MeteredModel metered = new MeteredModel(model, estimator);
        WorkingMemory memory = new WorkingMemory();
        List<WalkStep> trail = new ArrayList<>();
        Set<String> ruledOut = new HashSet<>();
        Deque<TreeNode> path = new ArrayDeque<>();
        path.push(tree.root());
        memory.enter(tree.root());
        int steps = 0;
        while (!path.isEmpty()) {
            TreeNode node = path.peek();
            List<TreeNode> open = tree.children(node).stream().filter(child -> !ruledOut.contains(child.id())).toList();
            if (!node.isLeaf() && open.isEmpty()) {
                backOut(node, "", path, ruledOut, memory);
                continue;
            }
            if (steps == maxSteps) {
                return new WalkResult(WalkResult.Outcome.OUT_OF_STEPS, "", null, trail, metered.cost());
            }
            steps++;
            String prompt = node.isLeaf()
                    ? LEAF.fill(Map.of("query", query, "memory", memory.render(), "text", node.text()))
                    : NAVIGATE.fill(Map.of("query", query, "memory", memory.render(), "summaries", SummaryTreeBuilder.numbered(open)));
            WalkReply reply = decide(metered, prompt, open.size());
            if (reply == null) {
                trail.add(new WalkStep(node.id(), "BACK (malformed)", ""));
                backOut(node, "", path, ruledOut, memory);
                continue;
            }
            switch (reply.action()) {
                case GO -> {
                    TreeNode child = open.get(reply.child() - 1);
                    trail.add(new WalkStep(node.id(), "GO " + child.id(), reply.reasoning()));
                    memory.enter(child);
                    path.push(child);
                }
                case BACK -> {
                    trail.add(new WalkStep(node.id(), "BACK", reply.reasoning()));
                    backOut(node, reply.reasoning(), path, ruledOut, memory);
                }
                case ANSWER -> {
                    trail.add(new WalkStep(node.id(), "ANSWER", reply.reasoning()));
                    return new WalkResult(WalkResult.Outcome.ANSWERED, reply.answer(), node.id(), trail, metered.cost());
                }
            }
        }
        return new WalkResult(WalkResult.Outcome.NOT_FOUND, "", null, trail, metered.cost());
    }

    /** Asks once, and once more with the error when the reply cannot be read; null after two bad replies. */
    private static WalkReply decide(MeteredModel metered, String prompt, int options) {
        String reply = metered.ask(prompt);
        try {
            return WalkReply.parse(reply, options);
        } catch (WalkReply.MalformedReplyException first) {
            String again = metered.ask(prompt + "\n\n" + RETRY.fill(Map.of("reply", reply, "error", first.getMessage())));
            try {
                return WalkReply.parse(again, options);
            } catch (WalkReply.MalformedReplyException second) {
                return null;
            }
        }
    }

    private static void backOut(TreeNode node, String reasoning, Deque<TreeNode> path, Set<String> ruledOut, WorkingMemory memory) {
        path.pop();
        ruledOut.add(node.id());
        memory.leave(node, reasoning);
    }
}
