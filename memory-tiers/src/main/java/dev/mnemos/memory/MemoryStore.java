package dev.mnemos.memory;

import dev.mnemos.memory.agent.AgentStore;
import dev.mnemos.memory.agent.InterruptStore;
import dev.mnemos.memory.agent.ToolServerStore;
import dev.mnemos.memory.archival.ArchivalStore;
import dev.mnemos.memory.core.BlockStore;
import dev.mnemos.memory.recall.RecallStore;
import dev.mnemos.memory.structured.StructuredMemoryStore;
import dev.mnemos.memory.tree.SummaryTreeStore;
import io.smallrye.mutiny.Uni;

/**
 * One storage engine: the tiers below the main context, for every agent of every organisation.
 * Engines: {@code dev.mnemos.memory.sqlite} (embedded default), {@code dev.mnemos.memory.postgres}
 * (server); every engine passes the same conformance suite.
 *
 * <p>Every method returns a {@link Uni} that does nothing until subscribed. A refused operation
 * fails with a {@link MemoryException} whose message can be shown to the LLM, and leaves the store
 * unchanged.
 */
public interface MemoryStore extends AutoCloseable {

    AgentStore agents();

    BlockStore blocks();

    RecallStore recall();

    ArchivalStore archival();

    InterruptStore interrupts();

    /** Summary trees (MemWalker). Engines without them throw {@link UnsupportedOperationException}. */
    default SummaryTreeStore summaryTrees() {
        throw new UnsupportedOperationException("summary trees are not supported by this engine");
    }

    /** Structured memories (PRISM). Engines without them throw {@link UnsupportedOperationException}. */
    default StructuredMemoryStore structuredMemories() {
        throw new UnsupportedOperationException("structured memories are not supported by this engine");
    }

    /** The MCP servers attached to agents. Engines without them throw {@link UnsupportedOperationException}. */
    default ToolServerStore toolServers() {
        throw new UnsupportedOperationException("tool servers are not kept by this engine");
    }

    /**
     * Writes everything a step produced in one transaction.
     *
     * @throws NoSuchAgentException for an unknown agent
     * @throws StaleFenceException when {@code commit.fence()} is older than one already committed
     * @throws MemoryException when the agent or a block moved on since the step read it
     */
    Uni<StepCommit.Outcome> commit(StepCommit commit);

    /** Runs the engine's own integrity check (SQLite's {@code PRAGMA integrity_check}, ...); produces the problems found, empty when none. */
    Uni<java.util.List<String>> checkIntegrity();

    @Override
    void close();
}
