package dev.mnemos.memory.postgres;

import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.VersionConflictException;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.StaleFenceException;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.core.Block;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes a {@link StepCommit} in one transaction. The agent's row is locked first, so commits of
 * one agent take turns; then, in order: a step id already in {@code steps} makes the commit a
 * no-op, a fence older than the agent's newest is refused, the agent and every block must be at
 * the version the step read. Only then is anything written.
 */
final class StepCommits {

    private final Sessions sessions;
    private final VectorColumn vectors;

    private final PassageIndex index;

    StepCommits(Sessions sessions, VectorColumn vectors, PassageIndex index) {
        this.sessions = sessions;
        this.vectors = vectors;
        this.index = index;
    }

    /** What the transaction decided, and what it did to the agent's passages. */
    private record Written(StepCommit.Outcome outcome, ArchivalChange passages) {}

    Uni<StepCommit.Outcome> commit(StepCommit commit) {
        AgentKey key = commit.agent();
        return sessions.withTransaction(session -> AgentRows.lock(session, key).chain(agent -> session.createSelectionQuery(
                                "select count(*) from StepRow where organization = :organization and agent = :agent and stepId = :step", Long.class)
                        .setParameter("organization", key.organization())
                        .setParameter("agent", key.agent())
                        .setParameter("step", commit.stepId())
                        .getSingleResult()
                        .chain(seen -> seen > 0
                                ? Uni.createFrom().item(new Written(StepCommit.Outcome.ALREADY_COMMITTED, ArchivalChange.none(agent)))
                                : write(session, agent, commit))))
                .call(written -> index.apply(written.passages()))
                .map(Written::outcome);
    }

    private Uni<Written> write(Mutiny.Session session, AgentRow agent, StepCommit commit) {
        AgentKey key = commit.agent();
        if (commit.fence() < agent.fence) {
            return Uni.createFrom().failure(new StaleFenceException("step " + commit.stepId() + " of " + key + " ran under fence "
                    + commit.fence() + ", but fence " + agent.fence + " has committed since: another node owns the agent now"));
        }
        if (commit.expectedAgentVersion() != agent.version) {
            return Uni.createFrom().failure(new VersionConflictException("step " + commit.stepId() + " of " + key + " started from version "
                    + commit.expectedAgentVersion() + ", but the agent is at version " + agent.version));
        }
        StoredText.check("step id", commit.stepId(), 1024);
        PostgresAgentStore.check(commit.state());
        Instant now = Instant.now();
        return Multi.createFrom().iterable(commit.blocks())
                .onItem().transformToUniAndConcatenate(block -> writeBlock(session, key, block, commit.stepId()))
                .collect().asList()
                .chain(() -> RecallWrites.append(session, agent, commit.messages()))
                .chain(() -> ArchivalWrites.insert(session, vectors, agent, commit.space(), commit.passages()))
                .chain(passages -> InterruptWrites.acknowledge(session, key, commit.acknowledged())
                .chain(() -> Multi.createFrom().iterable(commit.enqueued())
                        .onItem().transformToUniAndConcatenate(interrupt -> InterruptWrites.enqueue(session, key, interrupt))
                        .collect().asList())
                        .replaceWith(passages))
                .chain(passages -> {
                    agent.state(commit.state());
                    agent.version++;
                    agent.fence = commit.fence();
                    agent.updatedNs = EpochNanos.of(now);
                    return session.persist(new StepRow(key, commit.stepId(), commit.fence(), now))
                            .replaceWith(new Written(StepCommit.Outcome.COMMITTED, passages));
                });
    }

    /** A block at version 0 is new; any other must match the stored version, which then moves on by one. */
    private static Uni<BlockRow> writeBlock(Mutiny.Session session, AgentKey key, Block block, String stepId) {
        if (block.version() == 0) {
            return BlockWrites.create(session, key, block, stepId);
        }
        return BlockWrites.lock(session, key, block.label()).chain(row -> {
            if (row == null) {
                return Uni.createFrom().failure(new MemoryException("step " + stepId + " edits block '" + block.label()
                        + "' at version " + block.version() + ", but " + key + " has no such block"));
            }
            if (row.version != block.version()) {
                return Uni.createFrom().failure(new VersionConflictException("step " + stepId + " read block '" + block.label() + "' at version "
                        + block.version() + ", but it is at version " + row.version + " now"));
            }
            return BlockWrites.update(session, key, row, block, stepId);
        });
    }
}
