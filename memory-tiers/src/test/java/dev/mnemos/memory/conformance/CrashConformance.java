package dev.mnemos.memory.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.recall.Message;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash harness (STYLE.md §7): a child JVM commits a stream of steps ({@link CrashWorkload})
 * and is killed with SIGKILL at random points; after each kill the store is reopened, its own
 * integrity check must pass, every acknowledged step must be there exactly once, no step may be
 * there in part, and the store must accept the next step. Engines extend this with their
 * {@link StoreOpener} and address.
 */
public abstract class CrashConformance {

    private static final Duration AWAIT = Duration.ofMinutes(1);

    @TempDir
    protected Path workDirectory;

    /** The opener the child JVM uses; it must be on the test class path. */
    protected abstract Class<? extends StoreOpener> opener();

    /** The address of a store to kill, e.g. a file in {@link #workDirectory}. */
    protected abstract String address();

    /** How many times a run is killed. */
    protected int kills() {
        return 6;
    }

    /** The organisation the workload writes in; engines on a shared server clean it first. */
    protected String organization() {
        return "crash";
    }

    @Test
    void should_keep_every_acknowledged_step_exactly_once_and_no_partial_one_when_killed() throws Exception {
        AgentKey key = new AgentKey(organization(), "crash-" + System.nanoTime());
        Random random = new Random(key.agent().hashCode());
        long lastAcknowledged = 0;
        for (int kill = 0; kill < kills(); kill++) {
            List<Long> acknowledged = runAndKill(key, 100_000, 150 + random.nextInt(700));
            // The workload resumes after the last committed step, and acknowledges in order.
            assertThat(acknowledged.getFirst()).isEqualTo(lastAcknowledged + 1);
            lastAcknowledged = acknowledged.getLast();
            long committed = verify(key, lastAcknowledged);
            assertThat(committed).isGreaterThanOrEqualTo(lastAcknowledged);
            System.out.printf("kill %d: steps %d..%d acknowledged, %d committed%n", kill + 1, acknowledged.getFirst(), lastAcknowledged, committed);
            lastAcknowledged = committed;
        }
        assertThat(lastAcknowledged).as("steps committed across all kills").isPositive();
        try (MemoryStore store = new StoreOpenerCall(opener()).open(address())) {
            Block log = store.blocks().block(key, "log").await().atMost(AWAIT).orElseThrow();
            long next = lastAcknowledged + 1;
            assertThat(store.commit(CrashWorkload.step(key, next, next, log)).await().atMost(AWAIT)).isEqualTo(StepCommit.Outcome.COMMITTED);
        }
    }

    /**
     * Checks the store after a kill and produces how many steps it holds, which is at least the
     * last acknowledged one (a step may have committed without its acknowledgement getting out).
     */
    private long verify(AgentKey key, long lastAcknowledged) throws Exception {
        try (MemoryStore store = new StoreOpenerCall(opener()).open(address())) {
            assertThat(store.checkIntegrity().await().atMost(AWAIT)).isEmpty();
            AgentRecord agent = store.agents().get(key).await().atMost(AWAIT).orElse(null);
            if (agent == null) {
                assertThat(lastAcknowledged).isZero();
                return 0;
            }
            long committed = agent.version() - 1;
            assertThat(committed).isGreaterThanOrEqualTo(lastAcknowledged);
            assertThat(store.recall().count(key).await().atMost(AWAIT)).isEqualTo(2 * committed);
            List<String> ids = new ArrayList<>();
            for (long n = 1; n <= committed + 1; n++) {
                ids.add(n + "-user");
                ids.add(n + "-assistant");
            }
            List<Message> found = store.recall().byIds(key, ids).await().atMost(AWAIT);
            assertThat(found).extracting(Message::id).containsExactlyElementsOf(ids.subList(0, (int) (2 * committed)));
            assertThat(found).extracting(Message::sequence).doesNotHaveDuplicates();
            assertThat(store.blocks().block(key, "log").await().atMost(AWAIT).orElseThrow().value())
                    .isEqualTo(committed == 0 ? "started" : "after step " + committed);
            assertThat(store.archival().count(key).await().atMost(AWAIT)).isEqualTo(committed / 5);
            List<QueuedInterrupt> queued = store.interrupts().due(key, Instant.MAX.minusSeconds(1), 10).await().atMost(AWAIT);
            assertThat(queued).extracting(QueuedInterrupt::id).containsExactlyElementsOf(committed == 0 ? List.of() : List.of(committed + "-timer"));
            assertThat(agent.state().summary()).isEqualTo(committed == 0 ? "" : "summary after step " + committed);
            return committed;
        }
    }

    /** Starts the workload, kills it {@code delayMillis} after its first acknowledgement, and produces the acknowledged steps. */
    private List<Long> runAndKill(AgentKey key, long lastStep, long delayMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashWorkload.class.getName(), opener().getName(), address(),
                key.organization(), key.agent(), Long.toString(lastStep));
        builder.redirectError(workDirectory.resolve("workload-" + System.nanoTime() + ".err").toFile());
        Process process = builder.start();
        List<Long> acknowledged = new CopyOnWriteArrayList<>();
        Object first = new Object();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("ACK ")) {
                        acknowledged.add(Long.parseLong(line.substring(4)));
                        synchronized (first) {
                            first.notifyAll();
                        }
                    }
                }
            } catch (java.io.IOException killed) {
                // the pipe breaks when the child is killed
            }
        });
        synchronized (first) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (acknowledged.isEmpty() && process.isAlive() && System.currentTimeMillis() < deadline) {
                first.wait(100);
            }
        }
        Thread.sleep(delayMillis);
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(acknowledged).as("the workload acknowledged steps before the kill (see its .err file in %s)", workDirectory).isNotEmpty();
        return List.copyOf(acknowledged);
    }

    /** Instantiates the opener in this JVM too, for the checks. */
    private record StoreOpenerCall(Class<? extends StoreOpener> type) {
        MemoryStore open(String address) throws Exception {
            return type.getConstructor().newInstance().open(address);
        }
    }
}
