package dev.mnemos.memory.conformance;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workload of the crash harness, run in a child JVM that the test kills: a stream of step
 * commits for one agent, each printed as {@code ACK <n>} on stdout once its commit has returned.
 * It resumes after the last committed step, so that the same store can be killed again and again.
 *
 * <p>Step {@code n} writes messages {@code n-user} and {@code n-assistant}, sets block {@code log}
 * to {@code after step n}, acknowledges the timer of step {@code n-1} and enqueues its own, and
 * every fifth step stores a passage {@code n-passage}: a partial step shows as any of these
 * without the others.
 *
 * <p>Arguments: the {@link StoreOpener} class, the engine's address, organisation, agent id, and
 * the step to stop after.
 */
public final class CrashWorkload {

    static final EmbeddingSpace SPACE = new EmbeddingSpace("crash-3d", 3);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private CrashWorkload() {}

    public static void main(String[] args) throws Exception {
        StoreOpener opener = (StoreOpener) Class.forName(args[0]).getConstructor().newInstance();
        AgentKey key = new AgentKey(args[2], args[3]);
        long last = Long.parseLong(args[4]);
        try (MemoryStore store = opener.open(args[1])) {
            AgentRecord agent = store.agents().get(key).await().atMost(Duration.ofMinutes(1)).orElse(null);
            if (agent == null) {
                agent = store.agents().create(new AgentRecord(key, null, null, null, null, 1, T0, null)).await().atMost(Duration.ofMinutes(1));
                store.blocks().create(key, Block.of("log", "started")).await().atMost(Duration.ofMinutes(1));
            }
            for (long step = agent.version(); step <= last; step++) {
                Block log = store.blocks().block(key, "log").await().atMost(Duration.ofMinutes(1)).orElseThrow();
                store.commit(step(key, step, step, log)).await().atMost(Duration.ofMinutes(1));
                System.out.println("ACK " + step);
                System.out.flush();
            }
        }
        System.out.println("DONE");
    }

    /** Step {@code n}, which the agent runs from version {@code n} (it was created at version 1). */
    static StepCommit step(AgentKey key, long n, long agentVersion, Block log) {
        Instant at = T0.plusSeconds(n);
        List<Passage> passages = n % 5 == 0
                ? List.of(new Passage(n + "-passage", "passage of step " + n, new float[] {1, n, 0}, Set.of("crash"), Map.of(), at))
                : List.of();
        return new StepCommit(key, "step-" + n, 0, agentVersion,
                List.of(Message.of(n + "-user", Role.USER, "message " + n + " from the user", at, "step-" + n),
                        Message.of(n + "-assistant", Role.ASSISTANT, "reply " + n + " to the user", at, "step-" + n)),
                List.of(log.withValue("after step " + n)), passages.isEmpty() ? null : SPACE, passages,
                new AgentState("sleeping", "summary after step " + n, List.of(n + "-user", n + "-assistant")),
                List.of((n - 1) + "-timer"),
                List.of(new QueuedInterrupt(n + "-timer", "timer", "{}", at.plusSeconds(3600), at)));
    }
}
