package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.ToolServerStore;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The agents' MCP servers on {@code tool_servers} (migration V005), one row per server, in native SQL. */
final class PostgresToolServerStore implements ToolServerStore {

    private static final String KEY = "organization = :organization AND agent = :agent AND name = :name";

    private final Sessions sessions;

    PostgresToolServerStore(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<Void> put(AgentKey agent, String name, String config) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> session.createNativeQuery("""
                                INSERT INTO tool_servers (organization, agent, name, config, updated_ns)
                                VALUES (:organization, :agent, :name, :config, :at)
                                ON CONFLICT (organization, agent, name) DO UPDATE SET config = excluded.config, updated_ns = excluded.updated_ns""")
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .setParameter("name", name)
                        .setParameter("config", config)
                        .setParameter("at", EpochNanos.of(Instant.now()))
                        .executeUpdate())
                .replaceWithVoid());
    }

    @Override
    public Uni<Map<String, String>> list(AgentKey agent) {
        return sessions.withSession(session -> AgentRows.require(session, agent)
                .chain(() -> session.createNativeQuery(
                                "SELECT name, config FROM tool_servers WHERE organization = :organization AND agent = :agent ORDER BY name",
                                Object[].class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .getResultList())
                .map(rows -> {
                    Map<String, String> servers = new LinkedHashMap<>();
                    rows.forEach(row -> servers.put((String) row[0], (String) row[1]));
                    return servers;
                }));
    }

    @Override
    public Uni<List<ToolServer>> all() {
        return sessions.withSession(session -> session.createNativeQuery(
                        "SELECT organization, agent, name, config FROM tool_servers ORDER BY organization, agent, name", Object[].class)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new ToolServer(new AgentKey((String) row[0], (String) row[1]), (String) row[2], (String) row[3]))
                        .toList()));
    }

    @Override
    public Uni<Boolean> remove(AgentKey agent, String name) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> session.createNativeQuery("DELETE FROM tool_servers WHERE " + KEY)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .setParameter("name", name)
                        .executeUpdate())
                .map(deleted -> deleted > 0));
    }
}
