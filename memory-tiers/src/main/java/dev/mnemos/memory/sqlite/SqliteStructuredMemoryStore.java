package dev.mnemos.memory.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.structured.MemorySchema;
import dev.mnemos.memory.structured.StructuredMemory;
import dev.mnemos.memory.structured.StructuredMemoryStore;
import io.smallrye.mutiny.Uni;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Structured memories in the embedded engine: one row per memory, with its schema (migration 002). */
final class SqliteStructuredMemoryStore implements StructuredMemoryStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqliteExecutor executor;
    private final Clock clock;

    SqliteStructuredMemoryStore(SqliteExecutor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public Uni<Void> save(AgentKey agent, StructuredMemory memory) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT version, document FROM structured_memories WHERE organization = ? AND agent = ? AND name = ?")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                select.setString(3, memory.name());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        long version = rows.getLong(1);
                        boolean same = version == memory.version() && rows.getString(2).equals(memory.render());
                        if (same) {
                            return null;
                        }
                        if (version >= memory.version()) {
                            throw new MemoryException("structured memory " + memory.name() + " is at version " + version
                                    + " already, this one is version " + memory.version() + ": read it again");
                        }
                    }
                }
            }
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT OR REPLACE INTO structured_memories (organization, agent, name, schema_name, schema_json, document, version, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                upsert.setString(1, agent.organization());
                upsert.setString(2, agent.agent());
                upsert.setString(3, memory.name());
                upsert.setString(4, memory.schema().name());
                upsert.setString(5, memory.schema().json());
                upsert.setString(6, memory.render());
                upsert.setLong(7, memory.version());
                upsert.setLong(8, Columns.micros(clock.instant()));
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Uni<Optional<StructuredMemory>> load(AgentKey agent, String name) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT schema_name, schema_json, document, version FROM structured_memories WHERE organization = ? AND agent = ? AND name = ?")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                select.setString(3, name);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<StructuredMemory>empty();
                    }
                    MemorySchema schema = MemorySchema.parse(rows.getString(1), rows.getString(2));
                    try {
                        return Optional.of(new StructuredMemory(name, schema, JSON.readTree(rows.getString(3)), rows.getLong(4)));
                    } catch (JsonProcessingException e) {
                        throw new MemoryException("structured memory " + name + " of " + agent + " is not JSON in storage: " + e.getOriginalMessage());
                    }
                }
            }
        });
    }

    @Override
    public Uni<List<String>> list(AgentKey agent) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name FROM structured_memories WHERE organization = ? AND agent = ? ORDER BY name")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                try (ResultSet rows = select.executeQuery()) {
                    List<String> names = new ArrayList<>();
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                    return names;
                }
            }
        });
    }

    @Override
    public Uni<Boolean> delete(AgentKey agent, String name) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM structured_memories WHERE organization = ? AND agent = ? AND name = ?")) {
                delete.setString(1, agent.organization());
                delete.setString(2, agent.agent());
                delete.setString(3, name);
                return delete.executeUpdate() > 0;
            }
        });
    }
}
