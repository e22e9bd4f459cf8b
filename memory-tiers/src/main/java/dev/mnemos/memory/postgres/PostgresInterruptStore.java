package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.InterruptStore;
import dev.mnemos.memory.agent.QueuedInterrupt;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;

/** {@link InterruptStore} on {@code interrupts}; all agents' due interrupts are found through one partial index. */
final class PostgresInterruptStore implements InterruptStore {

    private final Sessions sessions;

    PostgresInterruptStore(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<Void> enqueue(AgentKey agent, QueuedInterrupt interrupt) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> InterruptWrites.enqueue(session, agent, interrupt)));
    }

    @Override
    public Uni<List<QueuedInterrupt>> due(AgentKey agent, Instant now, int limit) {
        return sessions.withSession(session -> AgentRows.require(session, agent).chain(() -> session.createSelectionQuery(
                                "from InterruptRow where organization = :organization and agent = :agent and not acknowledged"
                                        + " and dueNs <= :now order by dueNs, createdNs, rowId", InterruptRow.class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .setParameter("now", EpochNanos.bound(now))
                        .setMaxResults(limit)
                        .getResultList()))
                .map(rows -> rows.stream().map(InterruptRow::toInterrupt).toList());
    }

    @Override
    public Uni<List<AgentKey>> agentsWithDueInterrupts(Instant now, int limit) {
        return sessions.withSession(session -> session.createSelectionQuery(
                                "select organization, agent from InterruptRow where not acknowledged and dueNs <= :now"
                                        + " group by organization, agent order by min(dueNs), organization, agent", Object[].class)
                        .setParameter("now", EpochNanos.bound(now))
                        .setMaxResults(limit)
                        .getResultList())
                .map(rows -> rows.stream().map(row -> new AgentKey((String) row[0], (String) row[1])).toList());
    }

    @Override
    public Uni<Instant> nextDue(AgentKey agent) {
        return sessions.withSession(session -> AgentRows.require(session, agent).chain(() -> session.createSelectionQuery(
                                "select min(dueNs) from InterruptRow where organization = :organization and agent = :agent and not acknowledged",
                                Long.class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .getSingleResultOrNull()))
                .map(nanos -> nanos == null ? null : EpochNanos.instant(nanos));
    }

    @Override
    public Uni<Void> acknowledge(AgentKey agent, List<String> ids) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> InterruptWrites.acknowledge(session, agent, ids)));
    }
}
