package dev.mnemos.tools.mcp;

import java.util.List;
import java.util.Map;

/**
 * What attaching a server registered.
 *
 * @param server the server's name
 * @param syscalls the names its tools were registered under ({@code <server>__<tool>}), sorted
 * @param refused the server's tools that were not registered, by their own name, with the reason (an invalid input
 *     schema, a name that another tool took)
 */
public record McpAttachment(String server, List<String> syscalls, Map<String, String> refused) {

    public McpAttachment {
        syscalls = List.copyOf(syscalls);
        refused = Map.copyOf(refused);
    }
}
