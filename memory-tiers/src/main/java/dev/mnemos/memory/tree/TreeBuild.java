package dev.mnemos.memory.tree;

import java.util.List;

/**
 * What a build or an append produced.
 *
 * @param tree the tree after it
 * @param written the nodes it created or changed, which a {@link SummaryTreeStore} must write
 * @param cost the LLM use of summarizing them
 */
public record TreeBuild(SummaryTree tree, List<TreeNode> written, LlmCost cost) {

    public TreeBuild {
        written = List.copyOf(written);
    }
}
