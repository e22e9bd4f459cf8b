package dev.mnemos.memory.tree;

import java.util.Objects;

/**
 * One node of a summary tree. Leaves (level 0) hold a segment of the source text and its summary;
 * a summary node at level {@code l > 0} and position {@code p} summarizes the nodes of level
 * {@code l - 1} at positions {@code p * fanOut} to {@code p * fanOut + fanOut - 1}. The position
 * fixes the node's place, so a tree is stored as a flat set of nodes.
 *
 * @param level 0 for leaves
 * @param position the index among the nodes of its level, from 0, left to right in text order
 * @param text the segment for a leaf; empty for a summary node
 * @param summary what the node says about its text or its children
 * @param tokens the estimated size of {@code text} for a leaf, of {@code summary} otherwise
 */
public record TreeNode(int level, int position, String text, String summary, int tokens) {

    public TreeNode {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(summary, "summary");
        if (level < 0 || position < 0) {
            throw new IllegalArgumentException("level and position must be >= 0, got " + level + "/" + position);
        }
    }

    /** A name for the node that says where it sits, e.g. {@code 2.17}: level 2, position 17. */
    public String id() {
        return level + "." + position;
    }

    public boolean isLeaf() {
        return level == 0;
    }
}
