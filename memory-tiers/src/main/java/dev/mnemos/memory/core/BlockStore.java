package dev.mnemos.memory.core;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;

/**
 * Core memory: the blocks of each agent, with every stored value kept as a version.
 * All methods fail with {@link dev.mnemos.memory.NoSuchAgentException} for an unknown agent.
 */
public interface BlockStore {

    /** Produces the agent's blocks ordered by label; empty when it has none. */
    Uni<List<Block>> blocks(AgentKey agent);

    /** Produces the block, or empty when the agent has no block of that label. */
    default Uni<Optional<Block>> block(AgentKey agent, String label) {
        return blocks(agent).map(all -> all.stream().filter(b -> b.label().equals(label)).findFirst());
    }

    /**
     * Creates a block at version 1, or fails with {@link BlockEditException} when the label exists.
     */
    Uni<Block> create(AgentKey agent, Block block);

    /**
     * Applies an edit (checked by {@link BlockEdit#apply}) and stores the result as the next version.
     * Outside a step; steps write their edits through {@link dev.mnemos.memory.StepCommit}.
     */
    Uni<Block> edit(AgentKey agent, String label, BlockEdit edit);

    /** Produces every stored version of the block, oldest first; empty when there is no such block. */
    Uni<List<BlockVersion>> history(AgentKey agent, String label);

    /** Stores the value of an earlier version as the next version and produces the block. */
    Uni<Block> revert(AgentKey agent, String label, long version);
}
