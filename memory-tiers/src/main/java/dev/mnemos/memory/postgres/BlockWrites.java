package dev.mnemos.memory.postgres;

import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEditException;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import org.hibernate.reactive.mutiny.Mutiny;

/** The writes of core memory inside a transaction, shared by {@link PostgresBlockStore} and step commits. */
final class BlockWrites {

    private BlockWrites() {}

    /** Produces the block's row locked until the transaction ends, or null when the agent has no such block. */
    static Uni<BlockRow> lock(Mutiny.Session session, AgentKey key, String label) {
        return session.createSelectionQuery(
                        "from BlockRow where organization = :organization and agent = :agent and label = :label", BlockRow.class)
                .setParameter("organization", key.organization())
                .setParameter("agent", key.agent())
                .setParameter("label", label)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getSingleResultOrNull();
    }

    /** Stores a new block at version 1, with its first version; fails when the label exists. */
    static Uni<BlockRow> create(Mutiny.Session session, AgentKey key, Block block, String stepId) {
        return lock(session, key, block.label()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new BlockEditException("agent " + key + " has a block '" + block.label() + "' already"));
            }
            StoredText.check("block '" + block.label() + "'", block.value());
            BlockRow row = new BlockRow(key, block);
            row.version = 1;
            return session.persist(row).chain(() -> session.persist(new BlockVersionRow(key, row, stepId, Instant.now()))).replaceWith(row);
        });
    }

    /** Stores {@code block}'s value, limit, flag and description as the row's next version. */
    static Uni<BlockRow> update(Mutiny.Session session, AgentKey key, BlockRow row, Block block, String stepId) {
        StoredText.check("block '" + block.label() + "'", block.value());
        row.set(block);
        row.version++;
        return session.persist(new BlockVersionRow(key, row, stepId, Instant.now())).replaceWith(row);
    }
}
