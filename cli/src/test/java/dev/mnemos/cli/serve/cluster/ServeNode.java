package dev.mnemos.cli.serve.cluster;

import dev.mnemos.cli.PackagedApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged {@code mnemos serve} process on a free loopback port, its output in {@code dir}:
 * started with the environment given, killed with SIGKILL when a test wants a node to die.
 */
final class ServeNode implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path dir;
    private final URI uri;

    private ServeNode(String name, Process process, Path dir, int port) {
        this.name = name;
        this.process = process;
        this.dir = dir;
        this.uri = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts {@code mnemos serve} and waits until it listens. */
    static ServeNode start(String name, Path dir, Map<String, String> env, String... jvmOptions) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = PackagedApp.command(PackagedApp.jar("cli/target/quarkus-app/quarkus-run.jar"), List.of(jvmOptions),
                List.of("serve", "--port", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().put("MNEMOS_HOME", dir.resolve("data").toString());
        builder.environment().put("MNEMOS_NODE", name);
        builder.environment().putAll(env);
        ServeNode node = new ServeNode(name, builder.start(), dir, port);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4)); // a loaded machine under nice starts slowly
        while (!Files.readString(dir.resolve("stdout")).contains("listening on")) {
            if (!node.process.isAlive() || Instant.now().isAfter(deadline)) {
                node.kill();
                throw new IllegalStateException("mnemos serve " + name + " did not start: " + Files.readString(dir.resolve("stderr")));
            }
            Thread.sleep(100);
        }
        return node;
    }

    String name() {
        return name;
    }

    URI uri() {
        return uri;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The CPU time the process has used (0 once it is gone). */
    double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0);
    }

    /** What the node wrote to stdout and stderr. */
    String log() throws IOException {
        return Files.readString(dir.resolve("stdout")) + Files.readString(dir.resolve("stderr"));
    }

    /** SIGKILL: the node dies mid-step, without giving its leases up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
