package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.NoSuchAgentException;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import org.hibernate.reactive.mutiny.Mutiny;

/** Finds an agent's row inside a session; every store starts there, so an unknown agent fails the same way everywhere. */
final class AgentRows {

    private static final String BY_KEY = "from AgentRow where organization = :organization and agent = :agent";

    private AgentRows() {}

    /** Produces the row, or null when there is none. */
    static Uni<AgentRow> find(Mutiny.Session session, AgentKey key) {
        return session.createSelectionQuery(BY_KEY, AgentRow.class)
                .setParameter("organization", key.organization())
                .setParameter("agent", key.agent())
                .getSingleResultOrNull();
    }

    /** Produces the row or fails with {@link NoSuchAgentException}. */
    static Uni<AgentRow> require(Mutiny.Session session, AgentKey key) {
        return find(session, key).onItem().ifNull().failWith(() -> unknown(key));
    }

    /**
     * Produces the row locked ({@code FOR UPDATE}) until the transaction ends, or fails with
     * {@link NoSuchAgentException}: writes of one agent take turns here, so sequence numbers,
     * fences and versions move one writer at a time.
     */
    static Uni<AgentRow> lock(Mutiny.Session session, AgentKey key) {
        return session.createSelectionQuery(BY_KEY, AgentRow.class)
                .setParameter("organization", key.organization())
                .setParameter("agent", key.agent())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getSingleResultOrNull()
                .onItem().ifNull().failWith(() -> unknown(key));
    }

    static NoSuchAgentException unknown(AgentKey key) {
        return new NoSuchAgentException("no agent " + key);
    }
}
