package dev.mnemos.kernel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a kernel process (a child JVM running {@link CrashWorkload} on SQLite) with SIGKILL at 20
 * random points, mid-step, and checks after each kill that no acknowledged message is lost and none
 * is stored twice; then lets a last run finish the queue and checks that every acknowledged
 * message was answered exactly once (STYLE.md, section 7).
 */
class CrashRecoveryTest {

    private static final int KILLS = 20;
    private static final Pattern REPLY = Pattern.compile("reply to message (\\d+)");

    @TempDir
    Path dir;

    private final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    private final Set<Integer> replied = ConcurrentHashMap.newKeySet();
    /** The step the child started and has not committed yet, or null. */
    private final AtomicReference<String> open = new AtomicReference<>();
    private int killedMidStep;

    @Test
    void should_lose_and_duplicate_nothing_acknowledged_when_the_kernel_is_killed_mid_step() throws Exception {
        Path db = dir.resolve("crash.db");
        try (var store = SqliteMemoryStore.open(db);
                Kernel kernel = Kernel.builder().store(store).chatModel(new ScriptedChatModel()).build()) {
            kernel.blocking(TestKernel.TIMEOUT).spawn(CrashWorkload.AGENT, "crash", "chat", AgentConfig.DEFAULT, TestKernel.blocks());
        }
        var random = new Random(42);
        int next = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = start(db, next, 10_000, "run");
            CountDownLatch ready = follow(child);
            assertThat(ready.await(60, TimeUnit.SECONDS)).as(() -> "the child started; its log:\n" + log()).isTrue();
            Thread.sleep(300 + random.nextInt(1200));
            boolean midStep = open.get() != null;
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            if (midStep) {
                killedMidStep++;
            }
            check(db, false);
            next = acked.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        }
        Process last = start(db, next, 5, "drain");
        follow(last);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as(() -> "the last run drained the queue; the log:\n" + log()).isTrue();
        assertThat(last.exitValue()).as(() -> "the last run's exit status; the log:\n" + log()).isZero();

        check(db, true);
        assertThat(acked).hasSizeGreaterThan(KILLS);
        assertThat(killedMidStep).as("kills that hit a step between its start and its commit").isGreaterThanOrEqualTo(KILLS / 2);
    }

    /** After a kill: every acknowledged message is stored once or still queued; every acknowledged reply is stored once. */
    private void check(Path db, boolean drained) throws Exception {
        try (var store = SqliteMemoryStore.open(db)) {
            List<Message> history = history(store);
            assertThat(history.stream().map(Message::id).distinct().count()).isEqualTo(history.size());
            Map<String, Long> users = count(history, Role.USER, Message::content);
            Map<String, Long> replies = count(history, Role.ASSISTANT, m -> m.toolCalls().isEmpty() ? m.content() : m.toolCalls().getFirst().arguments());
            Set<String> queued = store.interrupts().due(CrashWorkload.AGENT, Instant.now().plus(Duration.ofDays(1)), 10_000)
                    .await().atMost(TestKernel.TIMEOUT).stream().map(q -> q.id()).collect(Collectors.toSet());
            for (int n : acked) {
                long stored = users.getOrDefault("message " + n, 0L);
                assertThat(stored).as("message " + n + " stored at most once").isLessThanOrEqualTo(1);
                assertThat(stored == 1 || queued.contains("msg-" + n)).as("acknowledged message " + n + " is kept").isTrue();
                assertThat(stored == 1 && queued.contains("msg-" + n)).as("message " + n + " consumed and queued").isFalse();
                if (drained) {
                    assertThat(stored).as("message " + n + " answered in the end").isEqualTo(1);
                }
            }
            Map<Integer, Long> answers = new HashMap<>();
            replies.forEach((text, times) -> {
                Matcher m = REPLY.matcher(text);
                if (m.find()) {
                    answers.merge(Integer.parseInt(m.group(1)), times, Long::sum);
                }
            });
            assertThat(answers.values()).as("no reply stored twice").allMatch(times -> times == 1);
            assertThat(answers.keySet()).as("every acknowledged reply is stored").containsAll(replied);
            if (drained) {
                assertThat(answers.keySet()).containsAll(acked);
            }
            assertThat(store.checkIntegrity().await().atMost(TestKernel.TIMEOUT)).isEmpty();
        }
    }

    private String log() {
        try {
            String text = java.nio.file.Files.readString(dir.resolve("children.log"));
            return text.substring(Math.max(0, text.length() - 6000));
        } catch (java.io.IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    private static Map<String, Long> count(List<Message> history, Role role, Function<Message, String> key) {
        return history.stream().filter(m -> m.role() == role).collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static List<Message> history(SqliteMemoryStore store) {
        List<Message> all = new ArrayList<>();
        while (true) {
            RecallPage page = store.recall().search(CrashWorkload.AGENT,
                    new RecallQuery(null, null, null, Set.of(), RecallQuery.Order.OLDEST_FIRST, all.size(), 1000)).await().atMost(TestKernel.TIMEOUT);
            all.addAll(page.messages());
            if (page.messages().isEmpty() || all.size() >= page.total()) {
                return all;
            }
        }
    }

    private Process start(Path db, int first, int count, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashWorkload.class.getName(),
                db.toString(), Integer.toString(first), Integer.toString(count), mode)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("children.log").toFile()))
                .start();
    }

    /** Reads the child's lines into the acknowledged sets; the latch opens at READY. */
    private CountDownLatch follow(Process child) {
        var ready = new CountDownLatch(1);
        open.set(null);
        Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.startsWith("ACK ")) {
                        acked.add(Integer.parseInt(line.substring(4)));
                    } else if (line.startsWith("STEP ")) {
                        open.set(line.substring(5));
                    } else if (line.startsWith("COMMIT ")) {
                        open.compareAndSet(line.substring(7), null);
                    } else if (line.startsWith("REPLY ")) {
                        replied.add(Integer.parseInt(line.substring(6)));
                    }
                }
            } catch (Exception e) {
                // the child was killed mid-line: what it printed before counts
            }
        });
        return ready;
    }
}
