package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.ToolServerStore;
import io.smallrye.mutiny.Uni;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The agents' MCP servers in the embedded engine: one row per server (migration 004). */
final class SqliteToolServerStore implements ToolServerStore {

    private final SqliteExecutor executor;
    private final Clock clock;

    SqliteToolServerStore(SqliteExecutor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public Uni<Void> put(AgentKey agent, String name, String config) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT OR REPLACE INTO tool_servers (organization, agent, name, config, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                upsert.setString(1, agent.organization());
                upsert.setString(2, agent.agent());
                upsert.setString(3, name);
                upsert.setString(4, config);
                upsert.setLong(5, Columns.micros(clock.instant()));
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Uni<Map<String, String>> list(AgentKey agent) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, config FROM tool_servers WHERE organization = ? AND agent = ? ORDER BY name")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                try (ResultSet rows = select.executeQuery()) {
                    Map<String, String> servers = new LinkedHashMap<>();
                    while (rows.next()) {
                        servers.put(rows.getString(1), rows.getString(2));
                    }
                    return servers;
                }
            }
        });
    }

    @Override
    public Uni<List<ToolServer>> all() {
        return executor.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT organization, agent, name, config FROM tool_servers ORDER BY organization, agent, name");
                    ResultSet rows = select.executeQuery()) {
                List<ToolServer> servers = new ArrayList<>();
                while (rows.next()) {
                    servers.add(new ToolServer(new AgentKey(rows.getString(1), rows.getString(2)), rows.getString(3), rows.getString(4)));
                }
                return servers;
            }
        });
    }

    @Override
    public Uni<Boolean> remove(AgentKey agent, String name) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM tool_servers WHERE organization = ? AND agent = ? AND name = ?")) {
                delete.setString(1, agent.organization());
                delete.setString(2, agent.agent());
                delete.setString(3, name);
                return delete.executeUpdate() > 0;
            }
        });
    }
}
