package dev.mnemos.memory.agent;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;

/** The agents of every organisation. */
public interface AgentStore {

    /** Creates an agent at version 1; fails with {@link dev.mnemos.memory.MemoryException} when the key exists. */
    Uni<AgentRecord> create(AgentRecord agent);

    /** Produces the agent, or empty when there is none of that key. */
    Uni<Optional<AgentRecord>> get(AgentKey key);

    /** Produces the agents of one organisation ordered by id; empty when it has none. */
    Uni<List<AgentRecord>> list(String organization);

    /**
     * Replaces name, type and config (not the state: steps write it), when the stored version is
     * {@code agent.version()}; produces the record at the next version.
     *
     * @throws dev.mnemos.memory.NoSuchAgentException for an unknown agent
     * @throws dev.mnemos.memory.MemoryException when the stored version differs (a concurrent update)
     */
    Uni<AgentRecord> update(AgentRecord agent);

    /** Deletes the agent with its blocks, messages, passages and interrupts; produces false when there was none. */
    Uni<Boolean> delete(AgentKey key);
}
