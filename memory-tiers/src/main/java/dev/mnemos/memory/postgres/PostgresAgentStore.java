package dev.mnemos.memory.postgres;

import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.VersionConflictException;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.agent.AgentStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link AgentStore} on the {@code agents} table; deleting an agent deletes every row it owns. */
final class PostgresAgentStore implements AgentStore {

    /** The entities that carry an agent's rows besides its own, in the order a delete removes them. */
    private static final List<String> OWNED = List.of(
            "BlockRow", "BlockVersionRow", "MessageRow", "PassageTagRow", "PassageRow", "InterruptRow", "StepRow");

    private final Sessions sessions;
    private final PassageIndex index;

    PostgresAgentStore(Sessions sessions, PassageIndex index) {
        this.sessions = sessions;
        this.index = index;
    }

    @Override
    public Uni<AgentRecord> create(AgentRecord agent) {
        return sessions.withTransaction(session -> AgentRows.find(session, agent.key()).invoke(() -> check(agent)).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new MemoryException("agent " + agent.key() + " exists already"));
            }
            AgentRow row = new AgentRow(agent);
            return session.persist(row).replaceWith(row);
        })).map(AgentRow::toRecord);
    }

    @Override
    public Uni<Optional<AgentRecord>> get(AgentKey key) {
        return sessions.withSession(session -> AgentRows.find(session, key))
                .map(row -> Optional.ofNullable(row).map(AgentRow::toRecord));
    }

    @Override
    public Uni<List<AgentRecord>> list(String organization) {
        return sessions.withSession(session -> session.createSelectionQuery(
                                "from AgentRow where organization = :organization order by agent", AgentRow.class)
                        .setParameter("organization", organization)
                        .getResultList())
                .map(rows -> rows.stream().map(AgentRow::toRecord).toList());
    }

    @Override
    public Uni<AgentRecord> update(AgentRecord agent) {
        return sessions.withTransaction(session -> AgentRows.lock(session, agent.key()).map(row -> {
            check(agent);
            if (row.version != agent.version()) {
                throw new VersionConflictException("agent " + agent.key() + " is at version " + row.version + ", not " + agent.version()
                        + ": it was changed concurrently; read it again");
            }
            row.name = agent.name();
            row.type = agent.type();
            row.config = agent.config();
            row.version++;
            row.updatedNs = EpochNanos.of(Instant.now());
            return row;
        })).map(AgentRow::toRecord);
    }

    @Override
    public Uni<Boolean> delete(AgentKey key) {
        return sessions.withTransaction(session -> AgentRows.find(session, key).chain(row -> {
            if (row == null) {
                return Uni.createFrom().item(false);
            }
            return Multi.createFrom().iterable(OWNED)
                    .onItem().transformToUniAndConcatenate(entity -> session.createMutationQuery(
                                    "delete from " + entity + " where organization = :organization and agent = :agent")
                            .setParameter("organization", key.organization())
                            .setParameter("agent", key.agent())
                            .executeUpdate())
                    .collect().asList()
                    .chain(() -> session.remove(row))
                    .replaceWith(true);
        })).invoke(deleted -> index.forget(key));
    }

    /** Checks the texts of an agent record before anything is written. */
    static void check(AgentRecord agent) {
        StoredText.check("agent name", agent.name(), 1024);
        StoredText.check("agent type", agent.type(), 1024);
        StoredText.check("agent config", agent.config());
        check(agent.state());
    }

    static void check(AgentState state) {
        StoredText.check("agent status", state.status(), 1024);
        StoredText.check("agent summary", state.summary());
        state.contextMessageIds().forEach(id -> StoredText.check("context message id", id, 1024));
    }
}
