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
 * Real npm packages that tests run, pinned by a {@code package.json} and its committed lock in a source folder; the
 * first test that needs them runs {@code npm ci} into a folder under {@code target} (again only when the lock
 * changed). A machine without {@code node} on the {@code PATH} skips those tests. Shared with other modules' tests
 * through this module's test-jar.
 */
public final class NpmPackages {

    private final Path source;
    private final Path target;
    private boolean installed;

    /** The packages that {@code source}'s package.json and lock pin, to be installed into {@code target}. */
    public NpmPackages(Path source, Path target) {
        this.source = source;
        this.target = target;
    }

    /** The {@code node} on the {@code PATH}; aborts the test (skipped) when there is none. */
    public static String node() {
        var node = onPath("node");
        Assumptions.assumeTrue(node.isPresent(), "no `node` on the PATH: this test runs real npm packages and needs Node.js 20 or later");
        return node.get().toString();
    }

    /** The folder the packages are installed in (its {@code node_modules}), installing them first when needed. */
    public synchronized Path installed() {
        node();
        if (installed) {
            return target;
        }
        try {
            var lock = source.resolve("package-lock.json");
            var installedLock = target.resolve("package-lock.json");
            if (!Files.exists(target.resolve("node_modules/.package-lock.json"))
                    || !Files.exists(installedLock) || Files.mismatch(lock, installedLock) != -1) {
                Files.createDirectories(target);
                Files.copy(source.resolve("package.json"), target.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(lock, installedLock, StandardCopyOption.REPLACE_EXISTING);
                var npm = onPath("npm").orElseThrow(() -> new AssertionError("`node` is on the PATH but `npm` is not"));
                var log = target.resolve("npm-ci.log");
                var process = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(target.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    fail("`npm ci` in " + target.getFileName() + " failed:\n" + Files.readString(log));
                }
            }
            installed = true;
            return target;
        } catch (IOException e) {
            throw new AssertionError("cannot install the npm packages of " + source.getFileName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while installing the npm packages of " + source.getFileName(), e);
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
