package dev.mnemos.cli.serve.mcp;

import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.cli.serve.OffContext;
import dev.mnemos.cli.serve.ServedMnemos;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.ToolServerStore;
import dev.mnemos.tools.ToolWorkers;
import dev.mnemos.tools.mcp.McpAttachment;
import dev.mnemos.tools.mcp.McpServerConfig;
import dev.mnemos.tools.mcp.McpServerOptions;
import dev.mnemos.tools.mcp.McpServers;
import dev.mnemos.tools.mcp.McpToolNames;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The MCP servers attached to the served agents. One connection per server name, shared by the
 * agents of one organisation that attach it with the same configuration; a name another
 * organisation holds is refused (nothing of its configuration is told). Attaching adds the server's
 * tools to the running kernel and names them in the agent's tool table, so only that agent is
 * offered them; detaching takes them out again, and the last detach ends the connection. Each attachment is
 * kept with its agent in the store ({@link dev.mnemos.memory.agent.ToolServerStore}), and {@link #restore}
 * attaches them again when {@code mnemos serve} starts, on this node or any other on the same store.
 */
@ApplicationScoped
public class McpAttachments {

    private static final Logger LOG = Logger.getLogger(McpAttachments.class);
    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(60);

    /** A server by name: its owner, how it is reached, what it registered, and the agents it is attached to. */
    private record Attached(String organization, McpServerConfig config, McpAttachment attachment, Set<AgentKey> agents) {}

    @Inject
    ServedMnemos served;

    /** Whether a caller may have this server start a program (a stdio MCP server): off unless the operator allows it. */
    @ConfigProperty(name = "mnemos.serve.mcp-stdio", defaultValue = "false")
    boolean stdioAllowed;

    private final Map<String, Attached> servers = new HashMap<>();
    private McpServers connections;
    private ToolWorkers workers;

    /** What one agent has attached, by server name. */
    public synchronized Map<String, McpAttachment> of(AgentKey agent) {
        Map<String, McpAttachment> attached = new LinkedHashMap<>();
        servers.entrySet().stream().filter(e -> e.getValue().agents().contains(agent)).sorted(Map.Entry.comparingByKey())
                .forEach(e -> attached.put(e.getKey(), e.getValue().attachment()));
        return attached;
    }

    /** How the server of this name is reached, when the agent has it attached. */
    public synchronized Optional<McpServerConfig> config(AgentKey agent, String name) {
        return Optional.ofNullable(servers.get(name)).filter(a -> a.agents().contains(agent)).map(Attached::config);
    }

    /**
     * Connects the server (unless it is connected already), adds its tools to the agent's tool table and produces what it registered.
     *
     * @throws ForbiddenException for a stdio server when the operator has not allowed them
     * @throws ClientErrorException 409 when the name is taken by another organisation or by another configuration;
     *     422 when the server cannot be started or reached
     */
    public synchronized McpAttachment attach(AgentKey agent, McpServerConfig config) {
        if (config instanceof McpServerConfig.Stdio && !stdioAllowed) {
            throw new ForbiddenException("this server does not start programs for its callers: attach an MCP server by URL, "
                    + "or have the operator start it with MNEMOS_SERVE_MCP_STDIO=true");
        }
        Attached known = servers.get(config.name());
        if (known != null && !known.organization().equals(agent.organization())) {
            throw new ClientErrorException("the MCP server name '" + config.name() + "' is taken on this server; choose another", 409);
        }
        if (known != null && !known.config().equals(config)) {
            throw new ClientErrorException("an MCP server '" + config.name() + "' with another configuration is attached to agents of "
                    + "this organisation; detach it from them or choose another name", 409);
        }
        AgentRuntime runtime = served.runtime();
        McpAttachment attachment;
        try {
            attachment = OffContext.subscribed(connections(runtime).attach(agent, config)).await().atMost(ATTACH_TIMEOUT);
        } catch (RuntimeException e) {
            throw new ClientErrorException("cannot attach the MCP server '" + config.name() + "': " + e.getMessage(), 422);
        }
        Set<AgentKey> agents = known == null ? new HashSet<>() : known.agents();
        agents.add(agent);
        servers.put(config.name(), new Attached(agent.organization(), config, attachment, agents));
        OffContext.run(() -> {
            runtime.offerTools(agent, attachment.syscalls());
            return runtime.store().toolServers().put(agent, config.name(), McpServerJson.write(config)).await().atMost(ATTACH_TIMEOUT);
        });
        return attachment;
    }

    /**
     * Attaches again the servers the store keeps for its agents (those a previous run, or another node, attached);
     * one that cannot be started or reached now is left stored and logged, and its agent keeps its other tools.
     */
    public synchronized void restore() {
        List<ToolServerStore.ToolServer> stored = OffContext.run(() -> served.store().toolServers().all().await().atMost(ATTACH_TIMEOUT));
        for (ToolServerStore.ToolServer server : stored) {
            try {
                attach(server.agent(), McpServerJson.read(server.name(), server.config()));
                LOG.infof("attached MCP server '%s' to %s again", server.name(), server.agent());
            } catch (RuntimeException e) {
                LOG.warnf("MCP server '%s' of %s is not attached again: %s", server.name(), server.agent(), e.getMessage());
            }
        }
    }

    /** Takes the server's tools out of the agent's table; produces false when the agent did not have it attached. */
    public synchronized boolean detach(AgentKey agent, String name) {
        Attached known = servers.get(name);
        if (known == null || !known.agents().remove(agent)) {
            return false;
        }
        AgentRuntime runtime = served.runtime();
        String prefix = name + McpToolNames.SEPARATOR;
        runtime.tools().disallow(agent, prefix + "*");
        OffContext.run(() -> {
            runtime.withdrawTools(agent, n -> n.startsWith(prefix));
            return runtime.store().toolServers().remove(agent, name).await().atMost(ATTACH_TIMEOUT);
        });
        if (known.agents().isEmpty()) {
            servers.remove(name);
            connections.detach(name);
        }
        return true;
    }

    private McpServers connections(AgentRuntime runtime) {
        if (connections == null) {
            workers = ToolWorkers.standard();
            connections = new McpServers(runtime.tools(), workers, McpServerOptions.standard());
        }
        return connections;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (connections != null) {
            connections.close();
            workers.close();
        }
    }
}
