package dev.mnemos.cli.chat;

import dev.mnemos.tools.mcp.McpAttachment;
import dev.mnemos.tools.mcp.McpServerConfig;
import dev.mnemos.tools.mcp.McpToolNames;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/** {@code /attach}, {@code /detach} and {@code /tools}: MCP servers on the current agent, and what it can call. */
final class ToolCommands {

    /** How long a server may take to start and answer the handshake: {@code npx} may download the package first. */
    static final Duration CONNECT = Duration.ofMinutes(2);

    private ToolCommands() {
    }

    /**
     * {@code /attach NAME COMMAND [ARGS...]} starts a server as a child process; {@code /attach NAME http://...} reaches a
     * running one. The line is split as a shell splits it, so an argument with spaces is quoted.
     */
    static void attach(ChatSession session, String arguments) {
        McpServerConfig config = server(arguments);
        String name = config.name();
        session.say("  connecting to MCP server '" + name + "' ...");
        McpAttachment attached = session.mcp().attach(session.agent(), config).await().atMost(CONNECT.plusSeconds(10));
        session.runtime().offerTools(session.agent(), attached.syscalls());
        session.say("  " + attached.syscalls().size() + " tools of '" + name + "': " + String.join(", ", attached.syscalls()));
        attached.refused().forEach((tool, why) -> session.error("  left out " + tool + ": " + why));
    }

    /**
     * The server an {@code /attach} line names.
     *
     * @throws IllegalArgumentException when the line has less than a name and a command or URL, or an unclosed quote
     */
    static McpServerConfig server(String arguments) {
        List<String> words = ShellWords.split(arguments);
        if (words.size() < 2) {
            throw new IllegalArgumentException("usage: /attach NAME COMMAND [ARGS...] or /attach NAME http://HOST:PORT/mcp"
                    + " (quote an argument that holds spaces)");
        }
        String name = words.get(0);
        String target = words.get(1);
        return words.size() == 2 && (target.startsWith("http://") || target.startsWith("https://"))
                ? new McpServerConfig.StreamableHttp(name, URI.create(target))
                : McpServerConfig.Stdio.of(name, target, words.subList(2, words.size()).toArray(String[]::new));
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
        session.runtime().withdrawTools(session.agent(), tool -> tool.startsWith(prefix));
        session.say("  detached '" + name + "' and its tools");
    }

    static void tools(ChatSession session, String arguments) {
        var names = new TreeSet<>(session.toolNames());
        session.say("  the agent can call " + names.size() + " tools: " + String.join(", ", names));
    }
}
