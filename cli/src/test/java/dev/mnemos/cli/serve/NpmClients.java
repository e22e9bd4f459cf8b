package dev.mnemos.cli.serve;

import dev.mnemos.tools.mcp.NpmPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official npm clients the serve tests drive: {@code src/test/npm/package.json} and its committed
 * lock pin them, installed into {@code target/npm} (see {@link NpmPackages}; skipped without {@code node}).
 */
public final class NpmClients {

    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path SOURCE = MODULE.resolve("src/test/npm");
    private static final NpmPackages CLIENTS = new NpmPackages(SOURCE, MODULE.resolve("target/npm"));

    private NpmClients() {}

    /** Runs {@code script} of src/test/npm with node in target/npm and produces its stdout; fails the test on a non-zero exit. */
    static String run(String script, Duration timeout, String... args) throws IOException, InterruptedException {
        Path node = node();
        Path target = CLIENTS.installed();
        Files.copy(SOURCE.resolve(script), target.resolve(script), StandardCopyOption.REPLACE_EXISTING);
        return node(node, target.resolve(script), script, timeout, args);
    }

    /**
     * Runs the program {@code bin} of an installed package (a path under node_modules) with node, in the program's
     * own folder (the inspector CLI finds its package.json from there), and produces its stdout.
     */
    static String runPackage(String bin, Duration timeout, String... args) throws IOException, InterruptedException {
        Path program = CLIENTS.installed().resolve("node_modules").resolve(bin).toAbsolutePath();
        return node(node(), program, Path.of(bin).getFileName() + "-" + System.nanoTime(), timeout, args);
    }

    /** The path of an installed package's file (under node_modules), for a process the server starts. */
    public static Path installed(String file) throws IOException, InterruptedException {
        return CLIENTS.installed().resolve("node_modules").resolve(file).toAbsolutePath();
    }

    /** The {@code node} program, with the packages installed; skips the test on a machine without it. */
    public static Path node() throws IOException, InterruptedException {
        String node = NpmPackages.node();
        CLIENTS.installed();
        return Path.of(node);
    }

    private static String node(Path node, Path program, String name, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(node.toString(), program.toAbsolutePath().toString()));
        command.addAll(Arrays.asList(args));
        Path err = CLIENTS.installed().resolve(name + ".stderr");
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
}
