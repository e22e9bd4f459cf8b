package dev.mnemos.kernel.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static AgentKey agent(String id) {
        return new AgentKey("acme", id);
    }

    /** A step that sleeps a little and counts, per agent, how many of its steps run at once. */
    private static Uni<Boolean> countingStep(Map<AgentKey, AtomicInteger> concurrent, Map<AgentKey, Integer> worst, AgentKey agent,
            AtomicInteger steps) {
        return Uni.createFrom().item(() -> {
            int now = concurrent.computeIfAbsent(agent, k -> new AtomicInteger()).incrementAndGet();
            worst.merge(agent, now, Math::max);
            sleep(2);
            concurrent.get(agent).decrementAndGet();
            steps.incrementAndGet();
            return false;
        });
    }

    @Test
    void should_run_one_step_at_a_time_per_agent_when_it_is_scheduled_over_and_over() throws Exception {
        Map<AgentKey, AtomicInteger> concurrent = new ConcurrentHashMap<>();
        Map<AgentKey, Integer> worst = new ConcurrentHashMap<>();
        AtomicInteger steps = new AtomicInteger();
        var scheduler = new Scheduler(8, executor, a -> countingStep(concurrent, worst, a, steps));

        for (int i = 0; i < 200; i++) {
            scheduler.schedule(agent("a" + (i % 4)));
            Thread.sleep(0, 200_000);
        }
        waitUntil(() -> scheduler.running() == 0 && scheduler.queued() == 0);

        assertThat(worst.values()).allMatch(n -> n == 1);
        assertThat(steps.get()).isBetween(4, 200);
    }

    @Test
    void should_run_agents_in_parallel_up_to_the_bound_when_many_are_runnable() throws Exception {
        var release = new CountDownLatch(1);
        var started = new AtomicInteger();
        var scheduler = new Scheduler(3, executor, a -> Uni.createFrom().item(() -> {
            started.incrementAndGet();
            await(release);
            return false;
        }));

        for (int i = 0; i < 6; i++) {
            scheduler.schedule(agent("a" + i));
        }
        waitUntil(() -> started.get() == 3);
        Thread.sleep(100);

        assertThat(started.get()).isEqualTo(3);
        assertThat(scheduler.running()).isEqualTo(3);
        assertThat(scheduler.queued()).isEqualTo(3);
        release.countDown();
        waitUntil(() -> started.get() == 6);
    }

    @Test
    void should_not_let_a_long_chain_starve_other_agents_when_steps_are_bounded() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger chain = new AtomicInteger(50);
        var scheduler = new Scheduler(1, executor, a -> Uni.createFrom().item(() -> {
            order.add(a.agent());
            sleep(1);
            return a.agent().equals("busy") && chain.decrementAndGet() > 0;
        }));

        scheduler.schedule(agent("busy"));
        waitUntil(() -> order.size() >= 3);
        scheduler.schedule(agent("quiet"));
        waitUntil(() -> order.contains("quiet"));

        List<String> seen = new ArrayList<>(order);
        int quiet = seen.indexOf("quiet");
        assertThat(seen.subList(0, quiet)).allMatch("busy"::equals);
        assertThat(chain.get()).as("the busy agent still had work when the quiet one ran").isPositive();
    }

    @Test
    void should_run_again_after_the_step_when_scheduled_while_running() throws Exception {
        var release = new CountDownLatch(1);
        var runs = new AtomicInteger();
        var scheduler = new Scheduler(4, executor, a -> Uni.createFrom().item(() -> {
            if (runs.incrementAndGet() == 1) {
                await(release);
            }
            return false;
        }));

        scheduler.schedule(agent("a"));
        waitUntil(() -> runs.get() == 1);
        scheduler.schedule(agent("a"));
        scheduler.schedule(agent("a"));
        release.countDown();
        waitUntil(() -> !scheduler.busy(agent("a")));

        assertThat(runs.get()).isEqualTo(2);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(2);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
