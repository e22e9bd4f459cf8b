package dev.mnemos.tools.mcp;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How mnemos treats the MCP servers it attaches.
 *
 * @param connectTimeout how long starting a server and the MCP handshake may take
 * @param toolTimeout how long one tool call may take before the agent gets a timeout error
 * @param pingTimeout how long a server may take to answer a ping when a call failed; past it the server is restarted
 * @param backoff the waits between restart attempts
 */
public record McpServerOptions(Duration connectTimeout, Duration toolTimeout, Duration pingTimeout, Backoff backoff) {

    public McpServerOptions {
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(toolTimeout, "toolTimeout");
        requireNonNull(pingTimeout, "pingTimeout");
        requireNonNull(backoff, "backoff");
    }

    /** 30 s to connect, 30 s per call, 5 s per ping, {@link Backoff#standard()}. */
    public static McpServerOptions standard() {
        return new McpServerOptions(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5), Backoff.standard());
    }

    /** These options with another tool timeout. */
    public McpServerOptions withToolTimeout(Duration timeout) {
        return new McpServerOptions(connectTimeout, timeout, pingTimeout, backoff);
    }

    /** These options with another backoff. */
    public McpServerOptions withBackoff(Backoff other) {
        return new McpServerOptions(connectTimeout, toolTimeout, pingTimeout, other);
    }
}
