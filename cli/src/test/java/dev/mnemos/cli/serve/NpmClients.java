package dev.mnemos.cli.serve;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The official npm clients the serve tests drive: {@code src/test/npm/package.json} and its committed
 * lock pin them; the first test that needs them runs {@code npm ci} into {@code target/npm} (again
 * only when the lock changed). A machine without {@code node} on the {@code PATH} skips these tests.
 */
final class NpmClients {

    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path SOURCE = MODULE.resolve("src/test/npm");
    private static final Path TARGET = MODULE.resolve("target/npm");

    private NpmClients() {}

    /** Runs {@code script} of src/test/npm with node in target/npm and produces its stdout; fails the test on a non-zero exit. */
    static String run(String script, Duration timeout, String... args) throws IOException, InterruptedException {
        Path node = node();
        Files.copy(SOURCE.resolve(script), TARGET.resolve(script), StandardCopyOption.REPLACE_EXISTING);
        return node(node, TARGET.resolve(script), script, timeout, args);
    }

    /**
     * Runs the program {@code bin} of an installed package (a path under node_modules) with node, in the program's
     * own folder (the inspector CLI finds its package.json from there), and produces its stdout.
     */
    static String runPackage(String bin, Duration timeout, String... args) throws IOException, InterruptedException {
        Path program = TARGET.resolve("node_modules").resolve(bin).toAbsolutePath();
        return node(node(), program, Path.of(bin).getFileName() + "-" + System.nanoTime(), timeout, args);
    }

    /** The path of an installed package's file (under node_modules), for a process the server starts. */
    static Path installed(String file) throws IOException, InterruptedException {
        node();
        return TARGET.resolve("node_modules").resolve(file).toAbsolutePath();
    }

    /** The {@code node} program, with the packages installed; skips the test on a machine without it. */
    static Path node() throws IOException, InterruptedException {
        Path node = onPath("node").orElse(null);
        Assumptions.assumeTrue(node != null, "no `node` on the PATH: the serve client tests run the official npm clients and need Node.js 20 or later");
        install();
        return node;
    }

    private static String node(Path node, Path program, String name, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(node.toString(), program.toAbsolutePath().toString()));
        command.addAll(Arrays.asList(args));
        Path err = TARGET.resolve(name + ".stderr");
        Process process = new ProcessBuilder(command).directory(program.toAbsolutePath().getParent().toFile()).redirectError(err.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(program + " did not finish in " + timeout);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(program + " exited with " + process.exitValue() + ":\n" + Files.readString(err));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static synchronized void install() throws IOException, InterruptedException {
        Path lock = SOURCE.resolve("package-lock.json");
        Path installedLock = TARGET.resolve("package-lock.json");
        if (Files.exists(TARGET.resolve("node_modules/.package-lock.json")) && Files.exists(installedLock) && Files.mismatch(lock, installedLock) == -1) {
            return;
        }
        Files.createDirectories(TARGET);
        Files.copy(SOURCE.resolve("package.json"), TARGET.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(lock, installedLock, StandardCopyOption.REPLACE_EXISTING);
        Path npm = onPath("npm").orElseThrow(() -> new AssertionError("`node` is on the PATH but `npm` is not"));
        Path log = TARGET.resolve("npm-ci.log");
        Process process = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(TARGET.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError("npm ci in " + TARGET + " failed:\n" + Files.readString(log));
        }
    }

    private static Optional<Path> onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
