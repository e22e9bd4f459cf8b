package dev.mnemos.memory.sqlite;

import static dev.mnemos.memory.sqlite.Columns.instant;
import static dev.mnemos.memory.sqlite.Columns.micros;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.VersionConflictException;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.core.BlockEditException;
import dev.mnemos.memory.core.BlockStore;
import dev.mnemos.memory.core.BlockVersion;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Core memory blocks and their versions in the embedded engine. */
final class SqliteBlockStore implements BlockStore {

    private static final String COLUMNS = "label, value, char_limit, read_only, description, version";

    private final SqliteExecutor executor;
    private final Clock clock;

    SqliteBlockStore(SqliteExecutor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public Uni<List<Block>> blocks(AgentKey agent) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM blocks WHERE organization = ? AND agent = ? ORDER BY label")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                try (ResultSet rows = select.executeQuery()) {
                    List<Block> blocks = new ArrayList<>();
                    while (rows.next()) {
                        blocks.add(block(rows));
                    }
                    return blocks;
                }
            }
        });
    }

    @Override
    public Uni<Optional<Block>> block(AgentKey agent, String label) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            return find(connection, agent, label);
        });
    }

    @Override
    public Uni<Block> create(AgentKey agent, Block block) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            return store(connection, agent, block.withVersion(0), "", micros(clock.instant()));
        });
    }

    @Override
    public Uni<Block> edit(AgentKey agent, String label, BlockEdit edit) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            Block current = existing(connection, agent, label);
            return store(connection, agent, edit.apply(current), "", micros(clock.instant()));
        });
    }

    @Override
    public Uni<List<BlockVersion>> history(AgentKey agent, String label) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT version, value, at, step_id FROM block_versions WHERE organization = ? AND agent = ? AND label = ?"
                            + " ORDER BY version")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                select.setString(3, label);
                try (ResultSet rows = select.executeQuery()) {
                    List<BlockVersion> versions = new ArrayList<>();
                    while (rows.next()) {
                        versions.add(new BlockVersion(label, rows.getLong(1), rows.getString(2), instant(rows.getLong(3)), rows.getString(4)));
                    }
                    return versions;
                }
            }
        });
    }

    @Override
    public Uni<Block> revert(AgentKey agent, String label, long version) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            Block current = existing(connection, agent, label);
            String value;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT value FROM block_versions WHERE organization = ? AND agent = ? AND label = ? AND version = ?")) {
                select.setString(1, agent.organization());
                select.setString(2, agent.agent());
                select.setString(3, label);
                select.setLong(4, version);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new BlockEditException("block '" + label + "' has no version " + version
                                + " (it is at version " + current.version() + ")");
                    }
                    value = rows.getString(1);
                }
            }
            return store(connection, agent, current.withValue(value), "", micros(clock.instant()));
        });
    }

    /**
     * Stores {@code block} as the version after {@code block.version()} and records that version:
     * version 0 creates the block, any other must be the stored version.
     *
     * @throws BlockEditException when version 0 names an existing label
     * @throws VersionConflictException when the stored block is missing or at another version
     */
    static Block store(Connection connection, AgentKey agent, Block block, String stepId, long at) throws SQLException {
        StoredText.check("block '" + block.label() + "' value", block.value());
        StoredText.check("block '" + block.label() + "' description", block.description());
        Optional<Block> stored = find(connection, agent, block.label());
        if (block.version() == 0 && stored.isPresent()) {
            throw new BlockEditException("agent " + agent + " has a block '" + block.label() + "' already");
        }
        if (block.version() != 0 && stored.map(Block::version).orElse(-1L) != block.version()) {
            throw new VersionConflictException("block '" + block.label() + "' is at version "
                    + stored.map(b -> Long.toString(b.version())).orElse("none (missing)") + ", not " + block.version()
                    + ": it changed since it was read");
        }
        long next = block.version() + 1;
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO blocks (organization, agent, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (organization, agent, label) DO UPDATE SET value = excluded.value,"
                        + " char_limit = excluded.char_limit, read_only = excluded.read_only,"
                        + " description = excluded.description, version = excluded.version")) {
            upsert.setString(1, agent.organization());
            upsert.setString(2, agent.agent());
            upsert.setString(3, block.label());
            upsert.setString(4, block.value());
            upsert.setInt(5, block.limit());
            upsert.setInt(6, block.readOnly() ? 1 : 0);
            upsert.setString(7, block.description());
            upsert.setLong(8, next);
            upsert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO block_versions (organization, agent, label, version, value, at, step_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, agent.organization());
            insert.setString(2, agent.agent());
            insert.setString(3, block.label());
            insert.setLong(4, next);
            insert.setString(5, block.value());
            insert.setLong(6, at);
            insert.setString(7, stepId);
            insert.executeUpdate();
        }
        return block.withVersion(next);
    }

    private static Block existing(Connection connection, AgentKey agent, String label) throws SQLException {
        return find(connection, agent, label).orElseThrow(() -> new BlockEditException("agent " + agent + " has no block '" + label + "'"));
    }

    private static Optional<Block> find(Connection connection, AgentKey agent, String label) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM blocks WHERE organization = ? AND agent = ? AND label = ?")) {
            select.setString(1, agent.organization());
            select.setString(2, agent.agent());
            select.setString(3, label);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(block(rows)) : Optional.empty();
            }
        }
    }

    private static Block block(ResultSet rows) throws SQLException {
        return new Block(rows.getString("label"), rows.getString("value"), rows.getInt("char_limit"), rows.getInt("read_only") != 0,
                rows.getString("description"), rows.getLong("version"));
    }
}
