package dev.mnemos.memory.agent;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;

/**
 * The persisted interrupt queue of every agent. An interrupt stays until a step acknowledges it
 * (through {@link dev.mnemos.memory.StepCommit}) or {@link #acknowledge} removes it.
 */
public interface InterruptStore {

    /** Enqueues; an interrupt whose id is queued already (or was acknowledged) is not queued again. */
    Uni<Void> enqueue(AgentKey agent, QueuedInterrupt interrupt);

    /** Produces the agent's interrupts due at {@code now}, by due time then enqueue order. */
    Uni<List<QueuedInterrupt>> due(AgentKey agent, Instant now, int limit);

    /** Produces the agents (of any organisation) that have an interrupt due at {@code now}: what a restarted kernel must run. */
    Uni<List<AgentKey>> agentsWithDueInterrupts(Instant now, int limit);

    /** Produces the earliest due time among the agent's queued interrupts, or null when none is queued. */
    Uni<Instant> nextDue(AgentKey agent);

    /** Removes interrupts outside a step; unknown ids are ignored. */
    Uni<Void> acknowledge(AgentKey agent, List<String> ids);
}
