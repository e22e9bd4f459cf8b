package dev.mnemos.memory.tree;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds MemWalker trees bottom-up with an LLM: each leaf segment is summarized, then each group of
 * {@code fanOut} summaries, level by level, up to one root. Appending extends a tree in place of
 * rebuilding it: the new text fills the last leaf and adds leaves at the right edge, so only the
 * new nodes and the path from the last leaf to the root are summarized again.
 *
 * <pre>{@code
 * var builder = new SummaryTreeBuilder(model, new ApproximateTokenCountEstimator(), TreeShape.DEFAULT);
 * TreeBuild build = builder.build("doc:report", text, (done, total) -> System.out.println(done + "/" + total));
 * TreeBuild next = builder.append(build.tree(), moreText, BuildProgress.SILENT);
 * }</pre>
 */
public final class SummaryTreeBuilder {

    private static final PromptFile SEGMENT = PromptFile.load(SummaryTreeBuilder.class, "summarize-segment.txt");
    private static final PromptFile NODES = PromptFile.load(SummaryTreeBuilder.class, "summarize-nodes.txt");

    private final ChatModel model;
    private final TokenCountEstimator estimator;
    private final TreeShape shape;
    private final Segmenter segmenter;

    public SummaryTreeBuilder(ChatModel model, TokenCountEstimator estimator, TreeShape shape) {
        this.model = Objects.requireNonNull(model, "model");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.segmenter = new Segmenter(estimator, shape.segmentTokens());
    }

    /** Produces a new tree over {@code document}; equivalent to appending it to an empty tree. */
    public TreeBuild build(String treeId, String document, BuildProgress progress) {
        return append(SummaryTree.empty(treeId, shape), document, progress);
    }

    /**
     * Produces {@code tree} extended by {@code text}, with the watermark moved one on. Blank text
     * changes nothing and costs nothing.
     *
     * @throws IllegalArgumentException when the tree was cut to another shape than this builder's
     */
    public TreeBuild append(SummaryTree tree, String text, BuildProgress progress) {
        return appendUpTo(tree, text, tree.watermark() + 1, progress);
    }

    /**
     * Produces {@code tree} extended by {@code text}, with the watermark set to {@code watermark}
     * (for a tree over recall history: the sequence of the last message in {@code text}).
     */
    public TreeBuild appendUpTo(SummaryTree tree, String text, long watermark, BuildProgress progress) {
        if (!tree.shape().equals(shape)) {
            throw new IllegalArgumentException("tree " + tree.id() + " is cut as " + tree.shape() + ", this builder cuts " + shape);
        }
        if (text == null || text.isBlank()) {
            return new TreeBuild(tree, List.of(), LlmCost.NONE);
        }
        List<List<TreeNode>> levels = new ArrayList<>();
        for (List<TreeNode> level : tree.levels()) {
            levels.add(new ArrayList<>(level));
        }
        if (levels.isEmpty()) {
            levels.add(new ArrayList<>());
        }
        List<TreeNode> leaves = levels.getFirst();
        String tail = text;
        if (!leaves.isEmpty() && leaves.getLast().tokens() < shape.segmentTokens()) {
            // the last leaf has room: it takes the start of the new text and is summarized again
            TreeNode last = leaves.removeLast();
            tail = last.text() + separator(last.text()) + text;
        }
        int firstDirty = leaves.size();
        List<String> segments = segmenter.split(tail);
        int total = plannedSummaries(firstDirty, segments.size(), levels);

        MeteredModel metered = new MeteredModel(model, estimator);
        List<TreeNode> written = new ArrayList<>();
        int done = 0;
        for (String segment : segments) {
            String summary = metered.ask(SEGMENT.fill(Map.of("text", segment))).strip();
            TreeNode leaf = new TreeNode(0, leaves.size(), segment, summary, estimator.estimateTokenCountInText(segment));
            leaves.add(leaf);
            written.add(leaf);
            progress.nodeDone(++done, total);
        }
        for (int level = 1; levels.get(level - 1).size() > 1; level++) {
            List<TreeNode> below = levels.get(level - 1);
            if (levels.size() == level) {
                levels.add(new ArrayList<>());
            }
            List<TreeNode> here = levels.get(level);
            int from = firstDirty / shape.fanOut();
            int count = ceilDiv(below.size(), shape.fanOut());
            for (int position = from; position < count; position++) {
                List<TreeNode> children = below.subList(position * shape.fanOut(), Math.min(below.size(), (position + 1) * shape.fanOut()));
                String summary = metered.ask(NODES.fill(Map.of("summaries", numbered(children)))).strip();
                TreeNode node = new TreeNode(level, position, "", summary, estimator.estimateTokenCountInText(summary));
                if (position < here.size()) {
                    here.set(position, node);
                } else {
                    here.add(node);
                }
                written.add(node);
                progress.nodeDone(++done, total);
            }
            firstDirty = from;
        }
        return new TreeBuild(new SummaryTree(tree.id(), shape, levels, watermark), written, metered.cost());
    }

    /** How many nodes an append will summarize, so that progress can say "n of total". */
    private int plannedSummaries(int firstDirty, int newLeaves, List<List<TreeNode>> levels) {
        int total = newLeaves;
        int size = firstDirty + newLeaves;
        int dirty = firstDirty;
        while (size > 1) {
            int from = dirty / shape.fanOut();
            size = ceilDiv(size, shape.fanOut());
            total += size - from;
            dirty = from;
        }
        return total;
    }

    /** Renders children as the numbered list the summarize and navigate prompts show. */
    static String numbered(List<TreeNode> nodes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            out.append("Summary ").append(i + 1).append(":\n").append(nodes.get(i).summary().strip()).append("\n\n");
        }
        return out.toString().strip();
    }

    private static String separator(String before) {
        return before.isEmpty() || Character.isWhitespace(before.charAt(before.length() - 1)) ? "" : "\n\n";
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
