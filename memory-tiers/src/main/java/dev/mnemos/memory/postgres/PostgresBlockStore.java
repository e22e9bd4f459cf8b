package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.core.BlockEditException;
import dev.mnemos.memory.core.BlockStore;
import dev.mnemos.memory.core.BlockVersion;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** {@link BlockStore} on {@code blocks} (current values) and {@code block_versions} (every stored value). */
final class PostgresBlockStore implements BlockStore {

    private static final String NO_STEP = "";

    private final Sessions sessions;

    PostgresBlockStore(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<List<Block>> blocks(AgentKey agent) {
        return sessions.withSession(session -> AgentRows.require(session, agent).chain(() -> session.createSelectionQuery(
                                "from BlockRow where organization = :organization and agent = :agent order by label", BlockRow.class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .getResultList()))
                .map(rows -> rows.stream().map(BlockRow::toBlock).toList());
    }

    @Override
    public Uni<Block> create(AgentKey agent, Block block) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                        .chain(() -> BlockWrites.create(session, agent, block, NO_STEP)))
                .map(BlockRow::toBlock);
    }

    @Override
    public Uni<Block> edit(AgentKey agent, String label, BlockEdit edit) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                        .chain(() -> BlockWrites.lock(session, agent, label))
                        .chain(row -> row == null
                                ? Uni.createFrom().failure(missing(agent, label))
                                : BlockWrites.update(session, agent, row, edit.apply(row.toBlock()), NO_STEP)))
                .map(BlockRow::toBlock);
    }

    @Override
    public Uni<List<BlockVersion>> history(AgentKey agent, String label) {
        return sessions.withSession(session -> AgentRows.require(session, agent).chain(() -> session.createSelectionQuery(
                                "from BlockVersionRow where organization = :organization and agent = :agent and label = :label order by version",
                                BlockVersionRow.class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .setParameter("label", label)
                        .getResultList()))
                .map(rows -> rows.stream().map(BlockVersionRow::toVersion).toList());
    }

    @Override
    public Uni<Block> revert(AgentKey agent, String label, long version) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                        .chain(() -> BlockWrites.lock(session, agent, label))
                        .chain(row -> {
                            if (row == null) {
                                return Uni.createFrom().failure(missing(agent, label));
                            }
                            return session.createSelectionQuery(
                                            "from BlockVersionRow where organization = :organization and agent = :agent and label = :label and version = :version",
                                            BlockVersionRow.class)
                                    .setParameter("organization", agent.organization())
                                    .setParameter("agent", agent.agent())
                                    .setParameter("label", label)
                                    .setParameter("version", version)
                                    .getSingleResultOrNull()
                                    .chain(old -> old == null
                                            ? Uni.createFrom().failure(new BlockEditException(
                                                    "block '" + label + "' has no version " + version + "; it is at version " + row.version))
                                            : BlockWrites.update(session, agent, row, row.toBlock().withValue(old.value), NO_STEP));
                        }))
                .map(BlockRow::toBlock);
    }

    private static BlockEditException missing(AgentKey agent, String label) {
        return new BlockEditException("agent " + agent + " has no block '" + label + "'");
    }
}
