package dev.mnemos.memory.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * What a walker keeps in mind while it walks (MemWalker's working memory): the summaries of the
 * nodes on its current path, and a note for each branch it backed out of, so that it neither
 * forgets what it read above nor walks a dead end twice.
 */
final class WorkingMemory {

    private final List<String> path = new ArrayList<>();
    private final List<String> deadEnds = new ArrayList<>();

    void enter(TreeNode node) {
        path.add("- " + node.id() + ": " + node.summary().strip());
    }

    void leave(TreeNode node, String reasoning) {
        if (!path.isEmpty()) {
            path.removeLast();
        }
        deadEnds.add("- " + node.id() + " does not hold the answer" + (reasoning.isBlank() ? "" : ": " + reasoning.strip()));
    }

    String render() {
        if (path.isEmpty() && deadEnds.isEmpty()) {
            return "(nothing yet)";
        }
        StringBuilder out = new StringBuilder();
        if (!path.isEmpty()) {
            out.append("Path so far:\n").append(String.join("\n", path));
        }
        if (!deadEnds.isEmpty()) {
            out.append(out.isEmpty() ? "" : "\n").append("Already ruled out:\n").append(String.join("\n", deadEnds));
        }
        return out.toString();
    }
}
