package dev.mnemos.memory.postgres;

import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentStore;
import dev.mnemos.memory.agent.InterruptStore;
import dev.mnemos.memory.agent.ToolServerStore;
import dev.mnemos.memory.archival.ArchivalStore;
import dev.mnemos.memory.archival.VectorIndex;
import dev.mnemos.memory.core.BlockStore;
import dev.mnemos.memory.recall.RecallStore;
import dev.mnemos.memory.structured.StructuredMemoryStore;
import dev.mnemos.memory.tree.SummaryTreeStore;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;

/**
 * The server engine: every tier in PostgreSQL, through Hibernate Reactive's Mutiny API on the
 * Vert.x pg client. Recall is searched through a generated {@code tsvector} with a GIN index;
 * archival vectors go to pgvector (HNSW, cosine) when the extension can be created, and are
 * searched through the in-process {@link VectorIndex} otherwise. The schema is created and migrated by {@link #open}.
 *
 * <pre>{@code
 * try (MemoryStore store = PostgresMemoryStore.open(settings)) {
 *     store.agents().create(record).await().atMost(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class PostgresMemoryStore implements MemoryStore {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Sessions sessions;
    private final VectorColumn vectors;
    private final int schemaVersion;
    private final PostgresAgentStore agents;
    private final PostgresBlockStore blocks;
    private final PostgresRecallStore recall;
    private final PostgresArchivalStore archival;
    private final PostgresInterruptStore interrupts;
    private final PostgresSummaryTreeStore summaryTrees;
    private final PostgresStructuredMemoryStore structuredMemories;
    private final PostgresToolServerStore toolServers;
    private final StepCommits commits;
    private final PassageIndex index;

    private PostgresMemoryStore(Sessions sessions, VectorColumn vectors, int schemaVersion, VectorIndex.Settings indexSettings) {
        this.sessions = sessions;
        this.vectors = vectors;
        this.schemaVersion = schemaVersion;
        this.index = new PassageIndex(sessions, indexSettings);
        this.agents = new PostgresAgentStore(sessions, index);
        this.blocks = new PostgresBlockStore(sessions);
        this.recall = new PostgresRecallStore(sessions);
        this.archival = new PostgresArchivalStore(sessions, vectors, index);
        this.interrupts = new PostgresInterruptStore(sessions);
        this.summaryTrees = new PostgresSummaryTreeStore(sessions);
        this.structuredMemories = new PostgresStructuredMemoryStore(sessions);
        this.toolServers = new PostgresToolServerStore(sessions);
        this.commits = new StepCommits(sessions, vectors, index);
    }

    /**
     * Connects, creates the schema or migrates it to the newest version, and looks for pgvector.
     * Blocks until done (at most a minute).
     *
     * @throws io.smallrye.mutiny.TimeoutException when the server does not answer in time
     */
    public static PostgresMemoryStore open(PostgresSettings settings) {
        return open(settings, VectorIndex.Settings.DEFAULTS);
    }

    /** Like {@link #open(PostgresSettings)}, with the settings of the in-process vector index used without pgvector. */
    public static PostgresMemoryStore open(PostgresSettings settings, VectorIndex.Settings indexSettings) {
        Sessions sessions = new Sessions(PostgresSessions.open(settings));
        try {
            int version = new Migrations(sessions, settings.schema()).run().await().atMost(START_TIMEOUT);
            VectorColumn vectors = PgVector.detect(sessions).await().atMost(START_TIMEOUT);
            return new PostgresMemoryStore(sessions, vectors, version, indexSettings);
        } catch (RuntimeException e) {
            sessions.close();
            throw e;
        }
    }

    /**
     * Refreshes the planner's statistics of the store's tables ({@code ANALYZE}), as autovacuum
     * does; for a server that runs without it, after a bulk load (the full-text search plan
     * needs them to go through the GIN index).
     */
    public Uni<Void> analyze() {
        // Only this store's schema: a bare ANALYZE would visit every table of the database.
        return sessions.withSession(session -> session.createNativeQuery("DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables"
                + " WHERE schemaname = current_schema() LOOP EXECUTE format('ANALYZE %I', t); END LOOP; END $$").executeUpdate()).replaceWithVoid();
    }

    /** The schema version after {@link #open}'s migrations. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Whether archival search runs on pgvector's HNSW index (else in process). */
    public boolean usesPgVector() {
        return vectors.present();
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

    @Override
    public Uni<StepCommit.Outcome> commit(StepCommit commit) {
        return commits.commit(commit);
    }

    @Override
    public Uni<List<String>> checkIntegrity() {
        return IntegrityCheck.run(sessions);
    }

    @Override
    public void close() {
        index.close();
        sessions.close();
    }
}
