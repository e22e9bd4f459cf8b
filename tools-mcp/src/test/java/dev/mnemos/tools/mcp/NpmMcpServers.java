package dev.mnemos.tools.mcp;

import java.nio.file.Path;

/**
 * The real MCP servers from npm that these tests attach to, pinned by {@code src/test/mcp-servers/package.json} and
 * its committed lock and installed into {@code target/mcp-servers} (see {@link NpmPackages}).
 */
public final class NpmMcpServers {

    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final NpmPackages SERVERS = new NpmPackages(MODULE.resolve("src/test/mcp-servers"), MODULE.resolve("target/mcp-servers"));

    private NpmMcpServers() {}

    /** The {@code node} on the {@code PATH}; aborts the test (skipped) when there is none. */
    public static String node() {
        return NpmPackages.node();
    }

    /** The entry script of {@code @modelcontextprotocol/server-filesystem}. */
    public static String filesystemServer() {
        return script("server-filesystem/dist/index.js");
    }

    /** The entry script of {@code @modelcontextprotocol/server-everything}. */
    public static String everythingServer() {
        return script("server-everything/dist/index.js");
    }

    /** The entry script of {@code @modelcontextprotocol/inspector-cli}, the official MCP inspector's command line. */
    public static String inspectorCli() {
        return script("inspector-cli/build/index.js");
    }

    private static String script(String path) {
        return SERVERS.installed().resolve("node_modules/@modelcontextprotocol").resolve(path).toString();
    }
}
