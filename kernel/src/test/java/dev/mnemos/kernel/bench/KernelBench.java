package dev.mnemos.kernel.bench;

import static dev.mnemos.kernel.testing.ScriptedChatModel.call;

import dev.mnemos.kernel.BlockingKernel;
import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.InMemoryStore;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's own cost per step (README, "Kernel"): an instant scripted model and the in-memory
 * store double, so what is measured is the kernel (interrupt queueing, window rendering and token
 * counting, pager, syscall dispatch, commit assembly, events), not an LLM or a disk.
 *
 * <p>Part 1: p50/p99 of one step (deliver a user message, the model calls send_message, commit) for
 * one agent whose history already holds 10, 10,000 and 1,000,000 messages, with a full FIFO queue.
 * Part 2: steps/s with 1,000 agents active at once. Run with {@code scripts/bench-kernel}.
 */
public final class KernelBench {

    private static final int WARMUP = 3_000;
    private static final int MEASURED = 5_000;

    public static void main(String[] args) {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int perAgent = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.out.printf(Locale.ROOT, "%-22s %10s %10s %10s%n", "history (messages)", "p50 (us)", "p99 (us)", "steps/s");
        latency(10, false);
        for (int history : new int[] {10, 10_000, 1_000_000}) {
            latency(history, true);
        }
        throughput(agents, perAgent);
    }

    private static ScriptedChatModel instantModel() {
        return new ScriptedChatModel().summaries(p -> "Earlier, the user and the agent chatted.")
                .otherwise(r -> call("send_message", "{\"message\": \"noted\"}"));
    }

    /** Measures one agent's steps over {@code history} earlier messages; a first, unreported run warms the JIT up. */
    private static void latency(int history, boolean report) {
        var store = new InMemoryStore();
        var agent = new AgentKey("bench", "history-" + history);
        try (Kernel spawner = Kernel.builder().store(store).chatModel(instantModel()).build()) {
            spawner.blocking(TestKernel.TIMEOUT).spawn(agent, "bench", "chat", AgentConfig.DEFAULT, TestKernel.blocks());
        }
        fill(store, agent, history);
        // A kernel started after the history was written, as after a restart: it loads the agent as stored.
        try (Kernel kernel = Kernel.builder().store(store).chatModel(instantModel()).build()) {
            BlockingKernel blocking = kernel.blocking(TestKernel.TIMEOUT);
            long[] nanos = new long[MEASURED];
            for (int i = 0; i < WARMUP + MEASURED; i++) {
                long start = System.nanoTime();
                blocking.send(agent, "Tell me more about item " + i + " of the list we made.");
                if (i >= WARMUP) {
                    nanos[i - WARMUP] = System.nanoTime() - start;
                }
            }
            if (!report) {
                return;
            }
            Arrays.sort(nanos);
            double total = Arrays.stream(nanos).sum() / 1e9;
            System.out.printf(Locale.ROOT, "%-22s %10.0f %10.0f %10.0f%n", String.format(Locale.ROOT, "%,d", history),
                    nanos[MEASURED / 2] / 1e3, nanos[MEASURED * 99 / 100] / 1e3, MEASURED / total);
        }
    }

    /** Appends {@code history} messages to recall and puts the newest 60 in the FIFO queue, as a long-running agent has them. */
    private static void fill(InMemoryStore store, AgentKey agent, int history) {
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        List<String> newest = new ArrayList<>();
        for (int from = 0; from < history; from += 10_000) {
            List<Message> batch = new ArrayList<>();
            for (int i = from; i < Math.min(history, from + 10_000); i++) {
                Role role = i % 2 == 0 ? Role.USER : Role.ASSISTANT;
                batch.add(Message.of("h" + i, role, "An earlier message, number " + i + ", about the list we made.", at.plusSeconds(i), "fill"));
                if (i >= history - 60) {
                    newest.add("h" + i);
                }
            }
            store.recall().append(agent, batch).await().atMost(TestKernel.TIMEOUT);
        }
        var state = new AgentState("sleeping", "", newest);
        store.commit(new StepCommit(agent, "fill", 0, 1, List.of(), List.of(), null, List.of(), state, List.of(), List.of()))
                .await().atMost(TestKernel.TIMEOUT);
    }

    private static void throughput(int agents, int perAgent) {
        var store = new InMemoryStore();
        try (Kernel kernel = Kernel.builder().store(store).chatModel(instantModel()).maxConcurrentSteps(256).build()) {
            BlockingKernel blocking = kernel.blocking(TestKernel.TIMEOUT);
            List<AgentKey> keys = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                var key = new AgentKey("bench", "agent-" + a);
                blocking.spawn(key, "bench", "chat", AgentConfig.DEFAULT, TestKernel.blocks());
                keys.add(key);
            }
            run(kernel, store, keys, 2);
            int before = store.commits();
            long start = System.nanoTime();
            run(kernel, store, keys, perAgent);
            double seconds = (System.nanoTime() - start) / 1e9;
            int steps = store.commits() - before;
            System.out.printf(Locale.ROOT, "%-22s %10s %10s %10.0f   (%,d agents at once, %,d steps in %.1f s)%n",
                    "1,000 agents", "-", "-", steps / seconds, agents, steps, seconds);
        }
    }

    /** Delivers {@code perAgent} messages to every agent at once and waits until every one is answered. */
    private static void run(Kernel kernel, InMemoryStore store, List<AgentKey> keys, int perAgent) {
        int target = store.commits() + keys.size() * perAgent;
        for (int m = 0; m < perAgent; m++) {
            for (AgentKey key : keys) {
                kernel.deliver(key, Interrupt.userMessage("Message " + m + " for you.")).await().atMost(TestKernel.TIMEOUT);
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (store.commits() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + store.commits() + " of " + target + " steps committed");
            }
            Thread.onSpinWait();
        }
    }
}
