package dev.mnemos.tools.mcp;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * How to reach one MCP server. Its {@link #name()} prefixes the names of its tools ({@code <name>__<tool>}), so it
 * is short: 1 to 32 letters, digits or '-' (see {@link McpToolNames}).
 */
public sealed interface McpServerConfig {

    /** The server's name inside mnemos. */
    String name();

    /**
     * A server that mnemos starts as a child process and talks to over its stdin and stdout.
     *
     * @param name the server's name
     * @param command the program, found on the {@code PATH} when it has no directory ({@code node}, {@code npx})
     * @param args its arguments
     * @param env variables added to the environment mnemos runs in
     */
    record Stdio(String name, String command, List<String> args, Map<String, String> env) implements McpServerConfig {
        public Stdio {
            McpToolNames.requireServerName(name);
            requireNonNull(command, "command");
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }

        /** A server started as {@code command args...} in mnemos' own environment. */
        public static Stdio of(String name, String command, String... args) {
            return new Stdio(name, command, List.of(args), Map.of());
        }
    }

    /**
     * A server that runs on its own and speaks MCP's streamable HTTP transport.
     *
     * @param name the server's name
     * @param endpoint its MCP endpoint, e.g. {@code http://127.0.0.1:3001/mcp}
     */
    record StreamableHttp(String name, URI endpoint) implements McpServerConfig {
        public StreamableHttp {
            McpToolNames.requireServerName(name);
            requireNonNull(endpoint, "endpoint");
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
                throw new IllegalArgumentException("MCP server '" + name + "': endpoint must be an http(s) URL, was " + endpoint);
            }
        }
    }
}
