package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.StaleFenceException;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.VersionConflictException;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentStore;
import dev.mnemos.memory.agent.InterruptStore;
import dev.mnemos.memory.agent.ToolServerStore;
import dev.mnemos.memory.archival.ArchivalStore;
import dev.mnemos.memory.archival.VectorIndex;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockStore;
import dev.mnemos.memory.recall.RecallStore;
import dev.mnemos.memory.structured.StructuredMemoryStore;
import dev.mnemos.memory.tree.SummaryTreeStore;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded engine, and the reference one: one SQLite file in WAL mode (see
 * {@link SqliteDatabase}), schema migrated on open, one writer thread and a few readers, FTS5 for
 * recall and an in-process JVector index for archival storage, kept in {@code <file>.vectors}.
 *
 * <pre>{@code
 * try (MemoryStore store = SqliteMemoryStore.open(DataDirectory.fromEnvironment().database())) {
 *     store.agents().create(agent).await().indefinitely();
 * }
 * }</pre>
 */
public final class SqliteMemoryStore implements MemoryStore {

    private final SqliteDatabase database;
    private final SqliteExecutor executor;
    private final Clock clock;
    private final SqliteAgentStore agents;
    private final SqliteBlockStore blocks;
    private final SqliteRecallStore recall;
    private final SqliteArchivalStore archival;
    private final SqliteInterruptStore interrupts;
    private final SqliteSummaryTreeStore summaryTrees;
    private final SqliteStructuredMemoryStore structuredMemories;
    private final SqliteToolServerStore toolServers;

    private SqliteMemoryStore(SqliteDatabase database, Clock clock, VectorIndex.Settings settings) {
        this.database = database;
        this.clock = clock;
        this.executor = new SqliteExecutor(database.file(), database.connection(), 3);
        this.archival = new SqliteArchivalStore(executor, database.file().resolveSibling(database.file().getFileName() + ".vectors"), settings);
        this.agents = new SqliteAgentStore(executor, archival::forget);
        this.blocks = new SqliteBlockStore(executor, clock);
        this.recall = new SqliteRecallStore(executor);
        this.interrupts = new SqliteInterruptStore(executor, clock);
        this.summaryTrees = new SqliteSummaryTreeStore(executor);
        this.structuredMemories = new SqliteStructuredMemoryStore(executor, clock);
        this.toolServers = new SqliteToolServerStore(executor, clock);
    }

    /**
     * Opens (creating when missing) the store in {@code file} and migrates its schema.
     *
     * @throws IOException when the file cannot be opened, is not a database, or has a newer schema
     */
    public static SqliteMemoryStore open(Path file) throws IOException {
        return open(file, Clock.systemUTC(), VectorIndex.Settings.DEFAULTS);
    }

    /** Like {@link #open(Path)}, with the clock that dates edits and acknowledgements and the vector index's settings. */
    public static SqliteMemoryStore open(Path file, Clock clock, VectorIndex.Settings settings) throws IOException {
        SqliteDatabase database = SqliteDatabase.open(file);
        try {
            SqliteSchema.migrate(database.connection());
        } catch (SQLException e) {
            try {
                database.close();
            } catch (SQLException ignored) {
                // the migration's failure is the one to report
            }
            throw new IOException("cannot migrate " + file + ": " + e.getMessage(), e);
        }
        return new SqliteMemoryStore(database, clock, settings);
    }

    @Override
    public AgentStore agents() {
        return agents;
    }

    @Override
    public BlockStore blocks() {
        return blocks;
    }

    @Override
    public RecallStore recall() {
        return recall;
    }

    @Override
    public ArchivalStore archival() {
        return archival;
    }

    @Override
    public InterruptStore interrupts() {
        return interrupts;
    }

    @Override
    public SummaryTreeStore summaryTrees() {
        return summaryTrees;
    }

    @Override
    public StructuredMemoryStore structuredMemories() {
        return structuredMemories;
    }

    @Override
    public ToolServerStore toolServers() {
        return toolServers;
    }

    /** Produces the archival index, loading or rebuilding it now rather than at the first search (benchmarks, warm-up). */
    public Uni<VectorIndex> vectorIndex() {
        return archival.loadedIndex();
    }

    @Override
    public Uni<StepCommit.Outcome> commit(StepCommit commit) {
        record Written(StepCommit.Outcome outcome, List<VectorIndex.Row> rows) {}
        return executor.write(connection -> {
            AgentKey key = commit.agent();
            AgentRecord agent = SqliteAgentStore.require(connection, key);
            if (committed(connection, key, commit.stepId())) {
                return new Written(StepCommit.Outcome.ALREADY_COMMITTED, List.of());
            }
            long fence = SqliteAgentStore.fence(connection, key);
            if (commit.fence() < fence) {
                throw new StaleFenceException("step " + commit.stepId() + " of " + key + " ran under fencing token " + commit.fence()
                        + ", but token " + fence + " has committed since: another node owns the agent now");
            }
            if (agent.version() != commit.expectedAgentVersion()) {
                throw new VersionConflictException("step " + commit.stepId() + " of " + key + " started from agent version "
                        + commit.expectedAgentVersion() + ", but the agent is at version " + agent.version());
            }
            StoredText.check("step id", commit.stepId(), 1024);
            SqliteAgentStore.check(commit.state());
            long at = Columns.micros(clock.instant());
            for (Block block : commit.blocks()) {
                SqliteBlockStore.store(connection, key, block, commit.stepId(), at);
            }
            SqliteRecallStore.append(connection, key, commit.messages());
            List<VectorIndex.Row> rows = SqliteArchivalStore.insert(connection, key, commit.space(), commit.passages());
            SqliteInterruptStore.acknowledge(connection, key, commit.acknowledged(), at);
            SqliteInterruptStore.enqueue(connection, key, commit.enqueued());
            SqliteAgentStore.writeState(connection, key, commit.state(), agent.version() + 1, commit.fence(), at);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO steps (organization, agent, step_id, fence, committed_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, key.organization());
                insert.setString(2, key.agent());
                insert.setString(3, commit.stepId());
                insert.setLong(4, commit.fence());
                insert.setLong(5, at);
                insert.executeUpdate();
            }
            return new Written(StepCommit.Outcome.COMMITTED, rows);
        }, written -> archival.indexAll(written.rows())).map(Written::outcome);
    }

    /**
     * Runs SQLite's {@code integrity_check}, FTS5's own check of the recall index, and the
     * engine's invariants: dense message sequences per agent, a version row for every block.
     */
    @Override
    public Uni<List<String>> checkIntegrity() {
        return executor.write(connection -> {
            List<String> problems = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
                    while (rows.next()) {
                        if (!"ok".equals(rows.getString(1))) {
                            problems.add("integrity_check: " + rows.getString(1));
                        }
                    }
                }
                try {
                    statement.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
                } catch (SQLException e) {
                    problems.add("recall full-text index: " + e.getMessage());
                }
                try (ResultSet rows = statement.executeQuery("SELECT organization, agent, count(*), max(sequence) FROM messages"
                        + " GROUP BY organization, agent HAVING count(*) != max(sequence)")) {
                    while (rows.next()) {
                        problems.add("agent " + rows.getString(1) + "/" + rows.getString(2) + " has " + rows.getLong(3)
                                + " messages but sequences up to " + rows.getLong(4));
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT b.organization, b.agent, b.label, b.version FROM blocks b"
                        + " WHERE NOT EXISTS (SELECT 1 FROM block_versions v WHERE v.organization = b.organization"
                        + " AND v.agent = b.agent AND v.label = b.label AND v.version = b.version)")) {
                    while (rows.next()) {
                        problems.add("block " + rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getString(3)
                                + " has no row for its version " + rows.getLong(4));
                    }
                }
            }
            return problems;
        });
    }

    private static boolean committed(Connection connection, AgentKey key, String stepId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM steps WHERE organization = ? AND agent = ? AND step_id = ?")) {
            select.setString(1, key.organization());
            select.setString(2, key.agent());
            select.setString(3, stepId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Waits for queued writes, saves the vector index beside the database, and closes every connection. */
    @Override
    public void close() {
        try {
            executor.write(connection -> {
                try {
                    archival.saveIndex();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            }).await().atMost(java.time.Duration.ofMinutes(10));
        } catch (RuntimeException e) {
            // The index file is only a cache: the next open rebuilds what it lacks.
        } finally {
            executor.close();
            try {
                database.close();
            } catch (SQLException ignored) {
                // nothing is pending: every write committed or rolled back before
            }
        }
    }
}
