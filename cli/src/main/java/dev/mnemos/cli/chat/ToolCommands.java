package dev.mnemos.cli.chat;

import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.tools.ToolSyscall;
import dev.mnemos.tools.mcp.McpAttachment;
import dev.mnemos.tools.mcp.McpServerConfig;
import dev.mnemos.tools.mcp.McpToolNames;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@code /attach}, {@code /detach} and {@code /tools}: MCP servers on the current agent, and what it can call. */
final class ToolCommands {

    /** How long a server may take to start and answer the handshake: {@code npx} may download the package first. */
    static final Duration CONNECT = Duration.ofMinutes(2);

    private ToolCommands() {
    }

    /** {@code /attach NAME COMMAND [ARGS...]} starts a server as a child process; {@code /attach NAME http://...} reaches a running one. */
    static void attach(ChatSession session, String arguments) {
        List<String> words = Arrays.stream(arguments.split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.size() < 2) {
            throw new IllegalArgumentException("usage: /attach NAME COMMAND [ARGS...] or /attach NAME http://HOST:PORT/mcp");
        }
        String name = words.get(0);
        String target = words.get(1);
        McpServerConfig config = words.size() == 2 && (target.startsWith("http://") || target.startsWith("https://"))
                ? new McpServerConfig.StreamableHttp(name, URI.create(target))
                : McpServerConfig.Stdio.of(name, target, words.subList(2, words.size()).toArray(String[]::new));
        session.say("  connecting to MCP server '" + name + "' ...");
        McpAttachment attached = session.mcp().attach(session.agent(), config).await().atMost(CONNECT.plusSeconds(10));
        var registry = session.runtime().tools();
        for (String syscall : attached.syscalls()) {
            session.runtime().kernel().addSyscall(new ToolSyscall(registry, registry.tool(syscall).orElseThrow().specification()));
        }
        offer(session, attached.syscalls(), List.of());
        session.say("  " + attached.syscalls().size() + " tools of '" + name + "': " + String.join(", ", attached.syscalls()));
        attached.refused().forEach((tool, why) -> session.error("  left out " + tool + ": " + why));
    }

    static void detach(ChatSession session, String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("usage: /detach NAME");
        }
        if (session.mcp().link(name).isEmpty()) {
            throw new IllegalArgumentException("no MCP server '" + name + "' is attached; /tools lists the tools");
        }
        session.mcp().detach(name);
        String prefix = name + McpToolNames.SEPARATOR;
        offer(session, List.of(), session.runtime().kernel().blocking(SlashCommands.TIMEOUT).process(session.agent()).config().tools().stream()
                .filter(tool -> tool.startsWith(prefix)).toList());
        session.say("  detached '" + name + "' and its tools");
    }

    static void tools(ChatSession session, String arguments) {
        var names = new TreeSet<>(session.toolNames());
        session.say("  the agent can call " + names.size() + " tools: " + String.join(", ", names));
    }

    /**
     * Names {@code added} in the agent's tool table and drops {@code removed}: a kernel offers a syscall added after
     * its start only to the agents that name it, so an agent that named none (every built-in one) gets its list
     * written out first.
     */
    private static void offer(ChatSession session, List<String> added, List<String> removed) {
        var kernel = session.runtime().kernel().blocking(SlashCommands.TIMEOUT);
        AgentConfig config = kernel.process(session.agent()).config();
        Set<String> tools = new LinkedHashSet<>(config.tools().isEmpty() ? session.toolNames() : config.tools());
        tools.addAll(added);
        tools.removeAll(removed);
        kernel.reconfigure(session.agent(), config.withTools(List.copyOf(tools)));
    }
}
