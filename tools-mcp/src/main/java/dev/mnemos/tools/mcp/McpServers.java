package dev.mnemos.tools.mcp;

import static java.util.Objects.requireNonNull;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.tools.ToolDefinition;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.ToolSchema;
import dev.mnemos.tools.ToolWorkers;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The MCP servers attached to agents. Attaching a server to an agent connects to it (once, however many agents it
 * is attached to), registers each of its tools in the {@link ToolRegistry} as {@code <server>__<tool>} (see {@link
 * McpToolNames}), and adds {@code <server>__*} to the agent's allow-list. The tools are listed once, at the first
 * attach; a server restarted by its {@link McpServerLink} is taken to offer the same tools.
 *
 * <pre>{@code
 * var servers = new McpServers(registry, workers, McpServerOptions.standard());
 * servers.attach(agent, McpServerConfig.Stdio.of("fs", "npx", "-y", "@modelcontextprotocol/server-filesystem", dir))
 *        .await().atMost(Duration.ofSeconds(60));
 * registry.call(agent, ToolExecutionRequest.builder().name("fs__list_directory").arguments("{\"path\":\"...\"}").build());
 * }</pre>
 */
public final class McpServers implements AutoCloseable {

    private record Attached(McpServerLink link, Uni<McpAttachment> attachment) {}

    private final ToolRegistry registry;
    private final ToolWorkers workers;
    private final McpServerOptions options;
    private final ScheduledExecutorService timer;
    private final Map<String, Attached> servers = new ConcurrentHashMap<>();

    /**
     * @param registry where the servers' tools are registered
     * @param workers where blocking SDK calls run
     * @param options timeouts and restart backoff of every server
     */
    public McpServers(ToolRegistry registry, ToolWorkers workers, McpServerOptions options) {
        this.registry = requireNonNull(registry, "registry");
        this.workers = requireNonNull(workers, "workers");
        this.options = requireNonNull(options, "options");
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "mnemos-mcp-restarts");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Produces a {@code Uni} that attaches a server to an agent and emits what was registered.
     *
     * <p>A server attached already (by name) is not connected again: the agent is only allowed its tools. The {@code
     * Uni} fails when the server cannot be started or reached, or cannot list its tools; nothing is registered then.
     * A tool whose schema is invalid is left out and named in {@link McpAttachment#refused()}.
     *
     * @throws IllegalArgumentException when another server, with a different configuration, is attached by that name
     */
    public Uni<McpAttachment> attach(AgentKey agent, McpServerConfig config) {
        var attached = servers.computeIfAbsent(config.name(), name -> connect(config));
        if (!attached.link().config().equals(config)) {
            throw new IllegalArgumentException("another MCP server is attached as '" + config.name() + "': "
                    + attached.link().config());
        }
        return attached.attachment()
                .invoke(attachment -> registry.allow(agent, config.name() + McpToolNames.SEPARATOR + "*"));
    }

    /** The link to an attached server, by name. */
    public Optional<McpServerLink> link(String server) {
        return Optional.ofNullable(servers.get(server)).map(Attached::link);
    }

    /** Detaches a server from every agent: unregisters its tools and ends its session. */
    public void detach(String server) {
        var attached = servers.remove(server);
        if (attached == null) {
            return;
        }
        attached.link().close();
        var prefix = server + McpToolNames.SEPARATOR;
        registry.tools().stream().map(ToolDefinition::name).filter(name -> name.startsWith(prefix)).forEach(registry::unregister);
    }

    /** Detaches every server. */
    @Override
    public void close() {
        List.copyOf(servers.keySet()).forEach(this::detach);
        timer.shutdownNow();
    }

    private Attached connect(McpServerConfig config) {
        var link = new McpServerLink(config, options, workers, timer);
        var attachment = link.connect()
                .chain(McpServerLink::tools)
                .map(tools -> register(link, tools))
                .onFailure().invoke(failure -> {
                    servers.remove(config.name());
                    link.close();
                })
                .memoize().indefinitely();
        return new Attached(link, attachment);
    }

    private McpAttachment register(McpServerLink link, List<McpSchema.Tool> tools) {
        var syscalls = new ArrayList<String>();
        var refused = new LinkedHashMap<String, String>();
        for (var tool : tools) {
            try {
                var name = McpToolNames.syscallName(link.name(), tool.name());
                var schema = new ToolSchema(tool.inputSchema() == null ? Map.of() : tool.inputSchema());
                registry.register(new ToolDefinition(name, tool.description(), schema, options.toolTimeout(),
                        arguments -> link.call(tool.name(), arguments)));
                syscalls.add(name);
            } catch (IllegalArgumentException refusal) {
                refused.put(String.valueOf(tool.name()), refusal.getMessage());
            }
        }
        syscalls.sort(null);
        return new McpAttachment(link.name(), syscalls, refused);
    }
}
