package dev.mnemos.cli.serve.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged {@code mnemos serve} processes on one PostgreSQL schema and one Redis prefix, with a
 * scripted instant model: 20 agents, 20 SSE streams sending to either node, and one node killed
 * (SIGKILL) mid-run. Every acknowledged message must be stored exactly once and every agent answered.
 * Skipped when PostgreSQL or Redis is not listening ({@code scripts/services} starts them).
 */
class ServeClusterIT {

    @TempDir
    Path dir;

    @Test
    void should_serve_as_one_service_and_lose_or_duplicate_no_message_when_a_node_is_killed_mid_run() throws Exception {
        assumeListening(5432);
        assumeListening(6379);
        try (ServeDeployment deployment = ServeDeployment.start(2, dir, Duration.ofSeconds(3))) {
            ClusterLoad load = new ClusterLoad(deployment.nodes());
            load.createAgents(20);

            ClusterLoad.Figures both = load.run("two nodes", 20, Duration.ofSeconds(3), Duration.ofSeconds(60), null, Duration.ZERO);
            System.out.println(both);
            assertThat(both.stuck()).as("SSE streams still open at the phase's deadline").isEmpty();
            assertThat(both.lost()).isZero();
            assertThat(both.duplicated()).isZero();
            assertThat(both.unfinished()).isZero();
            assertThat(both.answered()).isEqualTo(both.sent());

            ServeNode victim = deployment.nodes().getFirst();
            ClusterLoad.Figures killed = load.run("node-a killed", 20, Duration.ofSeconds(8), Duration.ofSeconds(90), victim, Duration.ofSeconds(2));
            System.out.println(killed);
            assertThat(killed.stuck()).as("SSE streams still open at the phase's deadline").isEmpty();
            assertThat(victim.alive()).isFalse();
            assertThat(killed.lost()).as(deployment.nodes().getLast().log()).isZero();
            assertThat(killed.duplicated()).isZero();
            assertThat(killed.unfinished()).isZero();
            assertThat(killed.answered()).isEqualTo(killed.sent());
            assertThat(killed.agents()).isEqualTo(20);
        }
    }

    private static void assumeListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            Assumptions.abort("nothing listens on 127.0.0.1:" + port + " (scripts/services starts PostgreSQL and Redis)");
        }
    }
}
