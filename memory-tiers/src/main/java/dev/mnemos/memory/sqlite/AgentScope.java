package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.AgentKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Aggregates over one agent's rows of a table: every table of the engine carries organization and agent. */
final class AgentScope {

    private AgentScope() {}

    /** Produces how many rows of {@code table} belong to {@code agent}. */
    static long count(Connection connection, String table, AgentKey agent) throws SQLException {
        return aggregate(connection, "count(*)", table, agent).orElse(0L);
    }

    /** Produces the newest {@code created_at} of the agent's rows of {@code table}, or empty when it has none. */
    static Optional<Instant> newest(Connection connection, String table, AgentKey agent) throws SQLException {
        return aggregate(connection, "max(created_at)", table, agent).map(Columns::instant);
    }

    private static Optional<Long> aggregate(Connection connection, String expression, String table, AgentKey agent) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + expression + " FROM " + table + " WHERE organization = ? AND agent = ?")) {
            select.setString(1, agent.organization());
            select.setString(2, agent.agent());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                long value = rows.getLong(1);
                return rows.wasNull() ? Optional.empty() : Optional.of(value);
            }
        }
    }
}
