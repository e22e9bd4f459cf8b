package dev.mnemos.memory.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A MemWalker memory tree over one source: leaf segments at level 0, summary nodes above, one root
 * at the top level. Immutable; {@link SummaryTreeBuilder} produces extended copies.
 *
 * @param id the tree's name, unique per agent, e.g. {@code recall} or {@code doc:moby-dick}
 * @param shape how the tree is cut
 * @param levels the nodes of each level, level 0 first, each in position order; the last level has
 *     exactly one node, the root
 * @param watermark how much of the source the tree covers: for a tree over recall history the
 *     sequence number of the last message folded in, for a document the number of texts appended
 */
public record SummaryTree(String id, TreeShape shape, List<List<TreeNode>> levels, long watermark) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    public SummaryTree {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(shape, "shape");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("tree id must be 1-128 letters, digits, '.', '_', ':', '/' or '-', got '" + id + "'");
        }
        List<List<TreeNode>> copy = new ArrayList<>();
        for (List<TreeNode> level : levels) {
            copy.add(List.copyOf(level));
        }
        levels = List.copyOf(copy);
        if (!levels.isEmpty() && levels.getLast().size() != 1) {
            throw new IllegalArgumentException("the top level of a tree holds one node, got " + levels.getLast().size());
        }
        for (int level = 0; level < levels.size(); level++) {
            List<TreeNode> nodes = levels.get(level);
            int expected = level == 0 ? nodes.size() : (levels.get(level - 1).size() + shape.fanOut() - 1) / shape.fanOut();
            if (nodes.size() != expected) {
                throw new IllegalArgumentException("level " + level + " of tree " + id + " has " + nodes.size() + " nodes, its children need " + expected);
            }
            for (int position = 0; position < nodes.size(); position++) {
                TreeNode node = nodes.get(position);
                if (node.level() != level || node.position() != position) {
                    throw new IllegalArgumentException("tree " + id + " has node " + node.id() + " where " + level + "." + position + " belongs");
                }
            }
        }
    }

    /** A tree over nothing yet; appending text gives it its first leaves. */
    public static SummaryTree empty(String id, TreeShape shape) {
        return new SummaryTree(id, shape, List.of(), 0);
    }

    public boolean isEmpty() {
        return levels.isEmpty();
    }

    /**
     * The root: the one node of the top level.
     *
     * @throws IllegalStateException for an empty tree
     */
    public TreeNode root() {
        if (isEmpty()) {
            throw new IllegalStateException("tree " + id + " is empty");
        }
        return levels.getLast().getFirst();
    }

    /** How many levels: 1 for a single leaf, 0 when empty. */
    public int depth() {
        return levels.size();
    }

    public List<TreeNode> leaves() {
        return isEmpty() ? List.of() : levels.getFirst();
    }

    public List<TreeNode> level(int level) {
        return levels.get(level);
    }

    /** Produces the node at {@code id} ({@code level.position}), or throws for an unknown one. */
    public TreeNode node(String nodeId) {
        int dot = nodeId.indexOf('.');
        try {
            int level = Integer.parseInt(nodeId.substring(0, dot));
            int position = Integer.parseInt(nodeId.substring(dot + 1));
            return levels.get(level).get(position);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("tree " + id + " has no node " + nodeId);
        }
    }

    /** The children of a summary node, in text order; none for a leaf. */
    public List<TreeNode> children(TreeNode node) {
        if (node.isLeaf()) {
            return List.of();
        }
        List<TreeNode> below = levels.get(node.level() - 1);
        int from = node.position() * shape.fanOut();
        return below.subList(Math.min(from, below.size()), Math.min(from + shape.fanOut(), below.size()));
    }

    /** Every node, level by level. */
    public List<TreeNode> nodes() {
        return levels.stream().flatMap(List::stream).toList();
    }
}
