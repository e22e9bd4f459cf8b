package dev.mnemos.memory.structured;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;

/**
 * Stores structured memories, per agent and name, with their schema. All methods fail with
 * {@link dev.mnemos.memory.NoSuchAgentException} for an unknown agent.
 */
public interface StructuredMemoryStore {

    /**
     * Stores {@code memory} under its name when there is none of that name yet or the stored one
     * is older (a lower version). Storing the same version with the same document again is a no-op,
     * so a retried write succeeds.
     *
     * @throws dev.mnemos.memory.MemoryException when the stored memory is at this version with
     *     another document, or at a later version: someone else updated it since it was read
     */
    Uni<Void> save(AgentKey agent, StructuredMemory memory);

    /** Produces the memory of that name, or empty when there is none. */
    Uni<Optional<StructuredMemory>> load(AgentKey agent, String name);

    /** Produces the names of the agent's memories, sorted; empty when it has none. */
    Uni<List<String>> list(AgentKey agent);

    /** Deletes a memory; produces false when there was none of that name. */
    Uni<Boolean> delete(AgentKey agent, String name);
}
