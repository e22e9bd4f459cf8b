package dev.mnemos.memory.sqlite;

import static dev.mnemos.memory.sqlite.Columns.instant;
import static dev.mnemos.memory.sqlite.Columns.micros;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.VersionConflictException;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.agent.AgentStore;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The agents table of the embedded engine. */
final class SqliteAgentStore implements AgentStore {

    private static final String COLUMNS =
            "organization, agent, name, type, config, status, summary, context_message_ids, version, created_at, updated_at";

    private final SqliteExecutor executor;
    private final Consumer<AgentKey> onDelete;

    SqliteAgentStore(SqliteExecutor executor, Consumer<AgentKey> onDelete) {
        this.executor = executor;
        this.onDelete = onDelete;
    }

    @Override
    public Uni<AgentRecord> create(AgentRecord agent) {
        return executor.write(connection -> {
            check(agent);
            if (find(connection, agent.key()).isPresent()) {
                throw new MemoryException("agent " + agent.key() + " exists already");
            }
            AgentRecord created = new AgentRecord(agent.key(), agent.name(), agent.type(), agent.config(), agent.state(), 1,
                    agent.createdAt(), agent.createdAt());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO agents (" + COLUMNS + ", number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, created.key().organization());
                insert.setString(2, created.key().agent());
                insert.setString(3, created.name());
                insert.setString(4, created.type());
                insert.setString(5, created.config());
                insert.setString(6, created.state().status());
                insert.setString(7, created.state().summary());
                insert.setString(8, Columns.json(created.state().contextMessageIds()));
                insert.setLong(9, created.version());
                insert.setLong(10, micros(created.createdAt()));
                insert.setLong(11, micros(created.updatedAt()));
                insert.setLong(12, MessageRowIds.nextNumber(connection));
                insert.executeUpdate();
            }
            return find(connection, created.key()).orElseThrow();
        });
    }

    @Override
    public Uni<Optional<AgentRecord>> get(AgentKey key) {
        return executor.read(connection -> find(connection, key));
    }

    @Override
    public Uni<List<AgentRecord>> list(String organization) {
        return executor.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM agents WHERE organization = ? ORDER BY agent")) {
                select.setString(1, organization);
                try (ResultSet rows = select.executeQuery()) {
                    List<AgentRecord> agents = new ArrayList<>();
                    while (rows.next()) {
                        agents.add(agent(rows));
                    }
                    return agents;
                }
            }
        });
    }

    @Override
    public Uni<AgentRecord> update(AgentRecord agent) {
        return executor.write(connection -> {
            check(agent);
            AgentRecord stored = require(connection, agent.key());
            if (stored.version() != agent.version()) {
                throw new VersionConflictException("agent " + agent.key() + " is at version " + stored.version()
                        + ", not " + agent.version() + ": it changed since it was read");
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE agents SET name = ?, type = ?, config = ?, version = version + 1, updated_at = ?"
                            + " WHERE organization = ? AND agent = ?")) {
                update.setString(1, agent.name());
                update.setString(2, agent.type());
                update.setString(3, agent.config());
                update.setLong(4, Math.max(micros(agent.updatedAt()), micros(stored.updatedAt())));
                update.setString(5, agent.key().organization());
                update.setString(6, agent.key().agent());
                update.executeUpdate();
            }
            return find(connection, agent.key()).orElseThrow();
        });
    }

    @Override
    public Uni<Boolean> delete(AgentKey key) {
        return executor.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM agents WHERE organization = ? AND agent = ?")) {
                delete.setString(1, key.organization());
                delete.setString(2, key.agent());
                return delete.executeUpdate() > 0;
            }
        }, deleted -> {
            if (deleted) {
                onDelete.accept(key);
            }
        });
    }

    /**
     * Produces the stored agent.
     *
     * @throws NoSuchAgentException when there is none of that key
     */
    static AgentRecord require(Connection connection, AgentKey key) throws SQLException {
        return find(connection, key).orElseThrow(() -> new NoSuchAgentException("no agent " + key));
    }

    static Optional<AgentRecord> find(Connection connection, AgentKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM agents WHERE organization = ? AND agent = ?")) {
            select.setString(1, key.organization());
            select.setString(2, key.agent());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(agent(rows)) : Optional.empty();
            }
        }
    }

    /** Checks only that the agent exists: cheaper than {@link #require}. */
    static void requireExists(Connection connection, AgentKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM agents WHERE organization = ? AND agent = ?")) {
            select.setString(1, key.organization());
            select.setString(2, key.agent());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new NoSuchAgentException("no agent " + key);
                }
            }
        }
    }

    /** Writes a step's state and the next version; the caller has checked the version. */
    static void writeState(Connection connection, AgentKey key, AgentState state, long version, long fence, long at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE agents SET status = ?, summary = ?, context_message_ids = ?, version = ?, fence = max(fence, ?),"
                        + " updated_at = max(updated_at, ?) WHERE organization = ? AND agent = ?")) {
            update.setString(1, state.status());
            update.setString(2, state.summary());
            update.setString(3, Columns.json(state.contextMessageIds()));
            update.setLong(4, version);
            update.setLong(5, fence);
            update.setLong(6, at);
            update.setString(7, key.organization());
            update.setString(8, key.agent());
            update.executeUpdate();
        }
    }

    /** The highest fencing token committed for the agent. */
    static long fence(Connection connection, AgentKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT fence FROM agents WHERE organization = ? AND agent = ?")) {
            select.setString(1, key.organization());
            select.setString(2, key.agent());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    static void check(AgentState state) {
        StoredText.check("agent status", state.status(), 1024);
        StoredText.check("agent summary", state.summary());
        for (String id : state.contextMessageIds()) {
            StoredText.check("context message id", id, 1024);
        }
    }

    private static void check(AgentRecord agent) {
        StoredText.check("agent name", agent.name(), 1024);
        StoredText.check("agent type", agent.type(), 1024);
        StoredText.check("agent config", agent.config());
        check(agent.state());
    }

    private static AgentRecord agent(ResultSet rows) throws SQLException {
        AgentState state = new AgentState(rows.getString("status"), rows.getString("summary"),
                Columns.strings(rows.getString("context_message_ids")));
        return new AgentRecord(new AgentKey(rows.getString("organization"), rows.getString("agent")), rows.getString("name"),
                rows.getString("type"), rows.getString("config"), state, rows.getLong("version"),
                instant(rows.getLong("created_at")), instant(rows.getLong("updated_at")));
    }
}
