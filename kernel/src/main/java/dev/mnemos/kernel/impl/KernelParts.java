package dev.mnemos.kernel.impl;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.mnemos.kernel.context.ContextRenderer;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.pager.RecursiveSummary;
import dev.mnemos.kernel.syscall.SyscallTable;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.QueuedInterrupt;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every step of a kernel shares.
 *
 * @param embeddings null when the kernel has no embedding model (archival syscalls then answer with an error)
 * @param table the syscall table; replaced as a whole when a syscall is added to the running kernel
 * @param steps the executor step logic continues on after a model call, so model workers only wait on models
 */
record KernelParts(
        MemoryStore store,
        Prompts prompts,
        ContextRenderer renderer,
        AtomicReference<SyscallTable> table,
        ModelGate gate,
        RecursiveSummary summary,
        EmbeddingModel embeddings,
        EventHub events,
        InstantSource clock,
        Executor steps) {

    /** The syscall table now; a step reads it once, when it starts. */
    SyscallTable syscalls() {
        return table.get();
    }

    /** How much of an agent's queue {@link #queue} looks through. */
    private static final int QUEUE_SCAN = 10_000;

    /** Produces the agent's queued interrupts, due now or later (timers included), oldest first. */
    Uni<List<QueuedInterrupt>> queue(AgentKey agent) {
        return store.interrupts().due(agent, clock.instant().plus(Duration.ofDays(3650)), QUEUE_SCAN);
    }
}
