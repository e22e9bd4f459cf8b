package dev.mnemos.memory.tree;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;

/**
 * Stores summary trees, per agent, node by node, so that an append writes only the nodes it
 * touched. All methods fail with {@link dev.mnemos.memory.NoSuchAgentException} for an unknown
 * agent.
 */
public interface SummaryTreeStore {

    /**
     * Writes what a build or append produced, in one transaction: the tree's shape and watermark,
     * the nodes in {@code build.written()}, and the build's cost added to the tree's. The stored tree
     * then equals {@code build.tree()}, provided {@code written} holds every node that changed since
     * the stored version (as {@link SummaryTreeBuilder} guarantees). A build that wrote nothing only
     * stores the header.
     *
     * @throws dev.mnemos.memory.MemoryException when the stored tree has another shape, or a
     *     watermark past this one (another writer extended it first)
     */
    Uni<Void> write(AgentKey agent, TreeBuild build);

    /** Writes a whole tree, replacing nothing else; a shortcut for {@link #write} with every node. */
    default Uni<Void> save(AgentKey agent, SummaryTree tree) {
        return write(agent, new TreeBuild(tree, tree.nodes(), LlmCost.NONE));
    }

    /** Produces the tree of that id, or empty when there is none. */
    Uni<Optional<SummaryTree>> load(AgentKey agent, String treeId);

    /** Produces the ids of the agent's trees, sorted; empty when it has none. */
    Uni<List<String>> list(AgentKey agent);

    /** Deletes a tree and its nodes and costs; produces false when there was none of that id. */
    Uni<Boolean> delete(AgentKey agent, String treeId);

    /**
     * Adds a walk's cost to the tree's record.
     *
     * @throws dev.mnemos.memory.MemoryException when there is no tree of that id
     */
    Uni<Void> recordWalk(AgentKey agent, String treeId, LlmCost cost);

    /** Produces what the tree has cost so far; {@link TreeCosts#NONE} when there is no tree of that id. */
    Uni<TreeCosts> costs(AgentKey agent, String treeId);
}
