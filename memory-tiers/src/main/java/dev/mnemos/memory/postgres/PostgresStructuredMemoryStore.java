package dev.mnemos.memory.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.structured.MemorySchema;
import dev.mnemos.memory.structured.StructuredMemory;
import dev.mnemos.memory.structured.StructuredMemoryStore;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** Structured memories on {@code structured_memories} (migration V002), one row per memory with its schema, in native SQL. */
final class PostgresStructuredMemoryStore implements StructuredMemoryStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "organization = :organization AND agent = :agent AND name = :name";

    private final Sessions sessions;

    PostgresStructuredMemoryStore(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<Void> save(AgentKey agent, StructuredMemory memory) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> keyed(session.createNativeQuery("SELECT version, document FROM structured_memories WHERE " + KEY + " FOR UPDATE",
                        Object[].class), agent, memory.name()).getResultList())
                .chain(rows -> {
                    if (!rows.isEmpty()) {
                        long version = ((Number) rows.getFirst()[0]).longValue();
                        if (version == memory.version() && memory.render().equals(rows.getFirst()[1])) {
                            return Uni.createFrom().voidItem();
                        }
                        if (version >= memory.version()) {
                            return Uni.createFrom().failure(new MemoryException("structured memory " + memory.name() + " is at version " + version
                                    + " already, this one is version " + memory.version() + ": read it again"));
                        }
                    }
                    return keyed(session.createNativeQuery("""
                            INSERT INTO structured_memories (organization, agent, name, schema_name, schema_json, document, version, updated_ns)
                            VALUES (:organization, :agent, :name, :schemaName, :schemaJson, :document, :version, :at)
                            ON CONFLICT (organization, agent, name) DO UPDATE SET schema_name = excluded.schema_name,
                                schema_json = excluded.schema_json, document = excluded.document, version = excluded.version,
                                updated_ns = excluded.updated_ns"""), agent, memory.name())
                            .setParameter("schemaName", memory.schema().name())
                            .setParameter("schemaJson", memory.schema().json())
                            .setParameter("document", memory.render())
                            .setParameter("version", memory.version())
                            .setParameter("at", EpochNanos.of(Instant.now()))
                            .executeUpdate()
                            .replaceWithVoid();
                }));
    }

    @Override
    public Uni<Optional<StructuredMemory>> load(AgentKey agent, String name) {
        return sessions.withSession(session -> AgentRows.require(session, agent)
                .chain(() -> keyed(session.createNativeQuery(
                        "SELECT schema_name, schema_json, document, version FROM structured_memories WHERE " + KEY, Object[].class), agent, name)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(row -> {
                    try {
                        return new StructuredMemory(name, MemorySchema.parse((String) row[0], (String) row[1]),
                                JSON.readTree((String) row[2]), ((Number) row[3]).longValue());
                    } catch (JsonProcessingException e) {
                        throw new MemoryException("structured memory " + name + " of " + agent + " is not JSON in storage: " + e.getOriginalMessage());
                    }
                })));
    }

    @Override
    public Uni<List<String>> list(AgentKey agent) {
        return sessions.withSession(session -> AgentRows.require(session, agent)
                .chain(() -> session.createNativeQuery(
                                "SELECT name FROM structured_memories WHERE organization = :organization AND agent = :agent ORDER BY name", String.class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .getResultList()));
    }

    @Override
    public Uni<Boolean> delete(AgentKey agent, String name) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> keyed(session.createNativeQuery("DELETE FROM structured_memories WHERE " + KEY), agent, name).executeUpdate())
                .map(deleted -> deleted > 0));
    }

    private static <Q extends Mutiny.AbstractQuery> Q keyed(Q query, AgentKey agent, String name) {
        query.setParameter("organization", agent.organization());
        query.setParameter("agent", agent.agent());
        query.setParameter("name", name);
        return query;
    }
}
