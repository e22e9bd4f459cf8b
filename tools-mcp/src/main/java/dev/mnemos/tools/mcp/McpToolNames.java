package dev.mnemos.tools.mcp;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * How an MCP server's tools are named as syscalls: {@code <server>__<tool>}, e.g. {@code fs__read_text_file} for the
 * tool {@code read_text_file} of the server attached as {@code fs}.
 *
 * <p>A server name is 1 to 32 letters, digits or '-', so the first {@code __} always ends it. In the tool part, every
 * character that LLM providers refuse in a function name (anything but letters, digits, '_' and '-') becomes '_'.
 * A name longer than 64 characters, the providers' limit, keeps its first 55 characters and gets '_' and 8 hex
 * digits of a checksum of the full name, so that it stays unique.
 */
public final class McpToolNames {

    /** What separates the server's name from the tool's. */
    public static final String SEPARATOR = "__";

    private static final int MAX_LENGTH = 64;
    private static final Pattern SERVER = Pattern.compile("[a-zA-Z0-9-]{1,32}");
    private static final Pattern UNSAFE = Pattern.compile("[^a-zA-Z0-9_-]");

    private McpToolNames() {}

    /**
     * The syscall name of a server's tool.
     *
     * @param server the server's name, as {@link #requireServerName} accepts
     * @param tool the tool's name as the server lists it; not blank
     */
    public static String syscallName(String server, String tool) {
        requireServerName(server);
        requireNonNull(tool, "tool");
        if (tool.isBlank()) {
            throw new IllegalArgumentException("MCP server '" + server + "' lists a tool without a name");
        }
        var name = server + SEPARATOR + UNSAFE.matcher(tool).replaceAll("_");
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        var checksum = new CRC32();
        checksum.update((server + SEPARATOR + tool).getBytes(StandardCharsets.UTF_8));
        return name.substring(0, MAX_LENGTH - 9) + "_" + HexFormat.of().toHexDigits((int) checksum.getValue());
    }

    /**
     * Checks a server name.
     *
     * @throws IllegalArgumentException unless it is 1 to 32 letters, digits or '-'
     */
    public static void requireServerName(String server) {
        requireNonNull(server, "server");
        if (!SERVER.matcher(server).matches()) {
            throw new IllegalArgumentException("MCP server name '" + server + "' must be 1 to 32 letters, digits or '-'");
        }
    }
}
