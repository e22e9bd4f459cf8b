package dev.mnemos.cli.serve.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The load test of {@code mnemos serve} on two nodes ({@code scripts/load-serve}; not part of the
 * test run): {@code agents} agents and {@code streams} concurrent SSE streams on loopback with the
 * scripted instant model, for {@code seconds}; then the same again with one node killed (SIGKILL) a
 * third of the way in. Prints each phase's figures, the nodes' CPU time and the machine's load average.
 *
 * <p>Arguments: {@code [agents=1000] [streams=500] [seconds=30]}.
 */
public final class ServeLoad {

    private ServeLoad() {}

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Duration length = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 30);
        Path dir = Files.createTempDirectory("mnemos-load-serve");
        System.out.printf("load average before: %s%n", loadAverage());
        try {
            run(agents, streams, length, dir);
        } finally {
            delete(dir);
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private static void run(int agents, int streams, Duration length, Path dir) throws Exception {
        try (ServeDeployment deployment = ServeDeployment.start(2, dir, Duration.ofSeconds(3), "-Xmx1g")) {
            ClusterLoad load = new ClusterLoad(deployment.nodes());
            long created = System.nanoTime();
            load.createAgents(agents);
            System.out.printf("%d agents created in %.1f s%n", agents, (System.nanoTime() - created) / 1e9);

            report(load.run("two nodes", streams, length, Duration.ofMinutes(3), null, Duration.ZERO), deployment);
            ServeNode victim = deployment.nodes().getFirst();
            report(load.run(victim.name() + " killed mid-run", streams, length, Duration.ofMinutes(3), victim, length.dividedBy(3)), deployment);
        }
    }

    /** Removes the nodes' data directories and logs, once the deployment has stopped them. */
    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void report(ClusterLoad.Figures figures, ServeDeployment deployment) throws Exception {
        System.out.println(figures);
        double cpu = deployment.nodes().stream().mapToDouble(ServeNode::cpuSeconds).sum();
        System.out.printf("  nodes' CPU time so far %.1f s (live nodes only); load average %s%n", cpu, loadAverage());
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
