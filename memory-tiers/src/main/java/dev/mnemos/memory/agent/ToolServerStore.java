package dev.mnemos.memory.agent;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * The tool servers (MCP servers) attached to each agent, kept with the agent so that a restarted node, or another
 * node on the same store, attaches them again. A server is stored as its name and its configuration, a text the
 * caller writes and reads (JSON); the store does not read it. An agent's servers go when the agent does.
 */
public interface ToolServerStore {

    /**
     * Records the server {@code name} of {@code agent}, replacing the configuration of one of that name.
     *
     * @throws dev.mnemos.memory.NoSuchAgentException for an unknown agent
     */
    Uni<Void> put(AgentKey agent, String name, String config);

    /**
     * The agent's servers: name to configuration, in name order; empty when it has none.
     *
     * @throws dev.mnemos.memory.NoSuchAgentException for an unknown agent
     */
    Uni<Map<String, String>> list(AgentKey agent);

    /** Every agent's servers in every organisation, by organisation, agent and name: what a starting node attaches. */
    Uni<List<ToolServer>> all();

    /**
     * Forgets the server; produces false when the agent had none of that name.
     *
     * @throws dev.mnemos.memory.NoSuchAgentException for an unknown agent
     */
    Uni<Boolean> remove(AgentKey agent, String name);

    /** One stored server of one agent. */
    record ToolServer(AgentKey agent, String name, String config) {}
}
