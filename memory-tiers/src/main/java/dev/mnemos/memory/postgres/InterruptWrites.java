package dev.mnemos.memory.postgres;

import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.QueuedInterrupt;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** The writes of the interrupt queue inside a transaction; shared by {@link PostgresInterruptStore} and step commits. */
final class InterruptWrites {

    private InterruptWrites() {}

    /** Queues the interrupt unless its id was queued (or acknowledged) before. */
    static Uni<Void> enqueue(Mutiny.Session session, AgentKey key, QueuedInterrupt interrupt) {
        StoredText.check("interrupt '" + interrupt.id() + "'", interrupt.payload());
        return session.createSelectionQuery(
                        "select count(*) from InterruptRow where organization = :organization and agent = :agent and id = :id", Long.class)
                .setParameter("organization", key.organization())
                .setParameter("agent", key.agent())
                .setParameter("id", interrupt.id())
                .getSingleResult()
                .chain(known -> known > 0 ? Uni.createFrom().voidItem() : session.persist(new InterruptRow(key, interrupt)));
    }

    /** Marks the interrupts acknowledged; unknown ids are ignored. */
    static Uni<Void> acknowledge(Mutiny.Session session, AgentKey key, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createMutationQuery(
                        "update InterruptRow set acknowledged = true where organization = :organization and agent = :agent and id in :ids")
                .setParameter("organization", key.organization())
                .setParameter("agent", key.agent())
                .setParameter("ids", List.copyOf(ids))
                .executeUpdate()
                .replaceWithVoid();
    }
}
