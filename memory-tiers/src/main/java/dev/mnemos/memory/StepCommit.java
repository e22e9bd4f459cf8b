package dev.mnemos.memory;

import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.recall.Message;
import java.util.List;
import java.util.Objects;

/**
 * Everything one agent step produced, written in one transaction (DESIGN.md, step 5): a crash
 * leaves either all of it or none of it. Committing the same {@code stepId} twice stores it once.
 *
 * @param agent the agent
 * @param stepId unique per agent
 * @param fence the fencing token of the lease under which the step ran (0 on a single node); a
 *     commit with a token older than one already seen fails with {@link StaleFenceException}
 * @param expectedAgentVersion the agent version the step started from
 * @param messages new messages, appended to recall in order
 * @param blocks new block values; each block's {@code version} is the version the step read, and
 *     the commit fails if the stored block has moved on
 * @param space the embedding space of {@code passages}; null when there are none
 * @param passages new archival passages
 * @param state the agent's state after the step
 * @param acknowledged ids of the interrupts the step consumed
 * @param enqueued interrupts the step raised (a heartbeat, a timer)
 */
public record StepCommit(
        AgentKey agent,
        String stepId,
        long fence,
        long expectedAgentVersion,
        List<Message> messages,
        List<Block> blocks,
        EmbeddingSpace space,
        List<Passage> passages,
        AgentState state,
        List<String> acknowledged,
        List<QueuedInterrupt> enqueued) {

    public StepCommit {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(state, "state");
        messages = messages == null ? List.of() : List.copyOf(messages);
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
        passages = passages == null ? List.of() : List.copyOf(passages);
        acknowledged = acknowledged == null ? List.of() : List.copyOf(acknowledged);
        enqueued = enqueued == null ? List.of() : List.copyOf(enqueued);
        if (!passages.isEmpty() && space == null) {
            throw new IllegalArgumentException("passages need their embedding space");
        }
    }

    /** What a commit did. */
    public enum Outcome {
        /** Stored now. */
        COMMITTED,
        /** A commit of this step id was stored before: nothing changed. */
        ALREADY_COMMITTED
    }
}
