package dev.mnemos.tools.mcp;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real MCP servers from npm that these tests attach to. {@code src/test/mcp-servers/package.json} and its
 * committed lock pin them; the first test that needs them runs {@code npm ci} into {@code target/mcp-servers}
 * (again only when the lock changed). A machine without {@code node} on the {@code PATH} skips these tests.
 */
public final class NpmMcpServers {

    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path SOURCE = MODULE.resolve("src/test/mcp-servers");
    private static final Path TARGET = MODULE.resolve("target/mcp-servers");

    private static boolean installed;

    private NpmMcpServers() {}

    /** The {@code node} on the {@code PATH}; aborts the test (skipped) when there is none. */
    public static String node() {
        var node = onPath("node");
        Assumptions.assumeTrue(node.isPresent(),
                "no `node` on the PATH: the MCP client tests run real MCP servers from npm and need Node.js 18 or later");
        return node.get().toString();
    }

    /** The entry script of {@code @modelcontextprotocol/server-filesystem}. */
    public static String filesystemServer() {
        return script("server-filesystem");
    }

    /** The entry script of {@code @modelcontextprotocol/server-everything}. */
    public static String everythingServer() {
        return script("server-everything");
    }

    /** The entry script of {@code @modelcontextprotocol/inspector-cli}, the official MCP inspector's command line. */
    public static String inspectorCli() {
        node();
        install();
        return TARGET.resolve("node_modules/@modelcontextprotocol/inspector-cli/build/index.js").toString();
    }

    private static String script(String name) {
        node();
        install();
        return TARGET.resolve("node_modules/@modelcontextprotocol/" + name + "/dist/index.js").toString();
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            var lock = SOURCE.resolve("package-lock.json");
            var installedLock = TARGET.resolve("package-lock.json");
            if (!Files.exists(TARGET.resolve("node_modules/.package-lock.json"))
                    || !Files.exists(installedLock) || Files.mismatch(lock, installedLock) != -1) {
                Files.createDirectories(TARGET);
                Files.copy(SOURCE.resolve("package.json"), TARGET.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(lock, installedLock, StandardCopyOption.REPLACE_EXISTING);
                var npm = onPath("npm").orElseThrow(() -> new AssertionError("`node` is on the PATH but `npm` is not"));
                var log = TARGET.resolve("npm-ci.log");
                var process = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(TARGET.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    fail("`npm ci` in " + MODULE.relativize(TARGET) + " failed:\n" + Files.readString(log));
                }
            }
            installed = true;
        } catch (IOException e) {
            throw new AssertionError("cannot install the npm MCP servers: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while installing the npm MCP servers", e);
        }
    }

    private static Optional<Path> onPath(String program) {
        var path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        List<String> names = System.getProperty("os.name").startsWith("Windows")
                ? List.of(program + ".exe", program + ".cmd")
                : List.of(program);
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .flatMap(dir -> names.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
