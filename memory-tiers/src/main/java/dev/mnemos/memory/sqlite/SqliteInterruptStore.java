package dev.mnemos.memory.sqlite;

import static dev.mnemos.memory.sqlite.Columns.instant;
import static dev.mnemos.memory.sqlite.Columns.micros;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.agent.InterruptStore;
import dev.mnemos.memory.agent.QueuedInterrupt;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The persisted interrupt queues of the embedded engine; acknowledged rows stay, marked, so that an id is never queued twice. */
final class SqliteInterruptStore implements InterruptStore {

    private final SqliteExecutor executor;
    private final Clock clock;

    SqliteInterruptStore(SqliteExecutor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public Uni<Void> enqueue(AgentKey agent, QueuedInterrupt interrupt) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            enqueue(connection, agent, List.of(interrupt));
            return null;
        });
    }

    @Override
    public Uni<List<QueuedInterrupt>> due(AgentKey agent, Instant now, int limit) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, kind, payload, due_at, created_at FROM interrupts WHERE organization = ? AND agent = ?"
                            + " AND acknowledged_at IS NULL AND due_at <= ? ORDER BY due_at, row_id LIMIT ?")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                select.setLong(3, Columns.bound(now));
                select.setInt(4, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<QueuedInterrupt> due = new ArrayList<>();
                    while (rows.next()) {
                        due.add(new QueuedInterrupt(rows.getString(1), rows.getString(2), rows.getString(3), instant(rows.getLong(4)),
                                instant(rows.getLong(5))));
                    }
                    return due;
                }
            }
        });
    }

    @Override
    public Uni<List<AgentKey>> agentsWithDueInterrupts(Instant now, int limit) {
        return executor.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT organization, agent, min(due_at) AS first FROM interrupts WHERE acknowledged_at IS NULL AND due_at <= ?"
                            + " GROUP BY organization, agent ORDER BY first, organization, agent LIMIT ?")) {
                select.setLong(1, Columns.bound(now));
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<AgentKey> agents = new ArrayList<>();
                    while (rows.next()) {
                        agents.add(new AgentKey(rows.getString(1), rows.getString(2)));
                    }
                    return agents;
                }
            }
        });
    }

    @Override
    public Uni<Instant> nextDue(AgentKey agent) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT min(due_at) FROM interrupts WHERE organization = ? AND agent = ? AND acknowledged_at IS NULL")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    long first = rows.getLong(1);
                    return rows.wasNull() ? null : instant(first);
                }
            }
        });
    }

    @Override
    public Uni<Void> acknowledge(AgentKey agent, List<String> ids) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            acknowledge(connection, agent, ids, micros(clock.instant()));
            return null;
        });
    }

    static void enqueue(Connection connection, AgentKey agent, List<QueuedInterrupt> interrupts) throws SQLException {
        for (QueuedInterrupt interrupt : interrupts) {
            StoredText.check("interrupt id", interrupt.id(), 1024);
            StoredText.check("interrupt kind", interrupt.kind(), 1024);
            StoredText.check("interrupt '" + interrupt.id() + "' payload", interrupt.payload());
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO interrupts (organization, agent, id, kind, payload, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (organization, agent, id) DO NOTHING")) {
            for (QueuedInterrupt interrupt : interrupts) {
                insert.setString(1, agent.organization());
                insert.setString(2, agent.agent());
                insert.setString(3, interrupt.id());
                insert.setString(4, interrupt.kind());
                insert.setString(5, interrupt.payload());
                insert.setLong(6, micros(interrupt.dueAt()));
                insert.setLong(7, micros(interrupt.createdAt()));
                insert.executeUpdate();
            }
        }
    }

    static void acknowledge(Connection connection, AgentKey agent, List<String> ids, long at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE interrupts SET acknowledged_at = ? WHERE organization = ? AND agent = ? AND id = ? AND acknowledged_at IS NULL")) {
            for (String id : ids) {
                update.setLong(1, at);
                update.setString(2, agent.organization());
                update.setString(3, agent.agent());
                update.setString(4, id);
                update.executeUpdate();
            }
        }
    }
}
