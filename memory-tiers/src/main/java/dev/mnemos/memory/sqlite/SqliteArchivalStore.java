package dev.mnemos.memory.sqlite;

import static dev.mnemos.memory.sqlite.Columns.instant;
import static dev.mnemos.memory.sqlite.Columns.micros;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.archival.VectorBytes;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ArchivalStore;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.EmbeddingSpaceMismatchException;
import dev.mnemos.memory.archival.OwnedPassage;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.archival.VectorIndex;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Archival storage in the embedded engine: passages with their embeddings as BLOBs, searched
 * through a {@link VectorIndex} that is loaded on the first search (from the graph file beside
 * the database, or rebuilt from the rows) and then kept in step with every committed write.
 */
final class SqliteArchivalStore implements ArchivalStore {

    private static final String COLUMNS = "p.row_id, p.id, p.text, p.embedding, p.tags, p.metadata, p.created_at";

    private final SqliteExecutor executor;
    private final Path indexFile;
    private final VectorIndex.Settings settings;
    /** Touched on the writer thread only; searches read it. Null until the first search. */
    private volatile VectorIndex index;

    SqliteArchivalStore(SqliteExecutor executor, Path indexFile, VectorIndex.Settings settings) {
        this.executor = executor;
        this.indexFile = indexFile;
        this.settings = settings;
    }

    @Override
    public Uni<Optional<EmbeddingSpace>> space() {
        return executor.read(SqliteArchivalStore::storedSpace);
    }

    @Override
    public Uni<List<Passage>> insert(AgentKey agent, EmbeddingSpace space, List<Passage> passages) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            return insert(connection, agent, space, passages);
        }, this::indexAll).map(rows -> passages);
    }

    @Override
    public Uni<List<ScoredPassage>> search(AgentKey agent, EmbeddingSpace space, float[] query, ArchivalQuery filters) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            Optional<EmbeddingSpace> stored = storedSpace(connection);
            if (stored.isPresent()) {
                requireSpace(stored.get(), space, query.length);
            }
            return stored.isPresent();
        }).chain(any -> any ? loadedIndex() : Uni.createFrom().nullItem()).chain(loaded -> {
            if (loaded == null) {
                return Uni.createFrom().item(List.<ScoredPassage>of());
            }
            return executor.read(connection -> {
                var filter = new VectorIndex.Filter(agent, filters.tags(), filters.from(), filters.to());
                List<VectorIndex.Hit> hits = loaded.search(query, filters.topK() + filters.offset(), filter);
                List<ScoredPassage> results = new ArrayList<>();
                for (VectorIndex.Hit hit : hits.subList(Math.min(filters.offset(), hits.size()), hits.size())) {
                    passage(connection, agent, hit.rowId()).ifPresent(p -> results.add(new ScoredPassage(p, hit.score())));
                }
                return results;
            });
        });
    }

    @Override
    public Uni<Long> count(AgentKey agent) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            return AgentScope.count(connection, "passages", agent);
        });
    }

    @Override
    public Uni<Optional<Instant>> lastWrite(AgentKey agent) {
        return executor.read(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            return AgentScope.newest(connection, "passages", agent);
        });
    }

    @Override
    public Uni<Boolean> delete(AgentKey agent, String passageId) {
        return executor.write(connection -> {
            SqliteAgentStore.requireExists(connection, agent);
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM passages WHERE organization = ? AND agent = ? AND id = ? RETURNING row_id")) {
                delete.setString(1, agent.organization());
                delete.setString(2, agent.agent());
                delete.setString(3, passageId);
                try (ResultSet rows = delete.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : -1L;
                }
            }
        }, rowId -> {
            if (rowId >= 0 && index != null) {
                index.remove(rowId);
            }
        }).map(rowId -> rowId >= 0);
    }

    @Override
    public Uni<List<OwnedPassage>> scan(OwnedPassage after, int limit) {
        return executor.read(connection -> {
            String sql = "SELECT p.organization, p.agent, " + COLUMNS + " FROM passages p"
                    + (after == null ? "" : " WHERE (p.organization, p.agent, p.id) > (?, ?, ?)")
                    + " ORDER BY p.organization, p.agent, p.id LIMIT ?";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int index = 1;
                if (after != null) {
                    select.setString(index++, after.agent().organization());
                    select.setString(index++, after.agent().agent());
                    select.setString(index++, after.passage().id());
                }
                select.setInt(index, limit);
                List<OwnedPassage> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(new OwnedPassage(new AgentKey(rows.getString(1), rows.getString(2)), passage(rows)));
                    }
                }
                return page;
            }
        });
    }

    @Override
    public Uni<Void> replaceSpace(EmbeddingSpace space, List<OwnedPassage> reembedded) {
        return executor.write(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM passages")) {
                rows.next();
                if (rows.getLong(1) != reembedded.size()) {
                    throw new MemoryException("the store holds " + rows.getLong(1) + " passages, " + reembedded.size()
                            + " were re-embedded: passages changed meanwhile, re-embed again");
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE passages SET embedding = ? WHERE organization = ? AND agent = ? AND id = ?")) {
                for (OwnedPassage owned : reembedded) {
                    if (owned.passage().embedding().length != space.dimension()) {
                        throw new EmbeddingSpaceMismatchException("passage '" + owned.passage().id() + "' has "
                                + owned.passage().embedding().length + " dimensions, " + space + " has " + space.dimension());
                    }
                    update.setBytes(1, VectorBytes.toBytes(owned.passage().embedding()));
                    update.setString(2, owned.agent().organization());
                    update.setString(3, owned.agent().agent());
                    update.setString(4, owned.passage().id());
                    if (update.executeUpdate() != 1) {
                        throw new MemoryException("passage '" + owned.passage().id() + "' of " + owned.agent()
                                + " is gone: passages changed meanwhile, re-embed again");
                    }
                }
            }
            try (PreparedStatement replace = connection.prepareStatement(
                    "INSERT OR REPLACE INTO archival_space (id, model, dimension) VALUES (1, ?, ?)")) {
                replace.setString(1, space.model());
                replace.setInt(2, space.dimension());
                replace.executeUpdate();
            }
            return null;
        }, nothing -> dropIndex());
    }

    /**
     * Stores the new passages (checking the space, the vectors and the texts first) and produces
     * the rows written, for the index.
     */
    static List<VectorIndex.Row> insert(Connection connection, AgentKey agent, EmbeddingSpace space, List<Passage> passages)
            throws SQLException {
        if (passages.isEmpty()) {
            return List.of();
        }
        for (Passage passage : passages) {
            StoredText.check("passage id", passage.id(), 1024);
            StoredText.check("passage '" + passage.id() + "' text", passage.text());
            passage.tags().forEach(tag -> StoredText.check("passage '" + passage.id() + "' tag", tag, 1024));
            passage.metadata().forEach((key, value) -> StoredText.check("passage '" + passage.id() + "' metadata", key + value));
            micros(passage.createdAt());
        }
        Optional<EmbeddingSpace> stored = storedSpace(connection);
        if (stored.isPresent() && !stored.get().equals(space) && empty(connection)) {
            // An empty store takes the space of its next first insert.
            stored = Optional.empty();
        }
        for (Passage passage : passages) {
            requireSpace(stored.orElse(space), space, passage.embedding().length);
        }
        if (stored.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR REPLACE INTO archival_space (id, model, dimension) VALUES (1, ?, ?)")) {
                insert.setString(1, space.model());
                insert.setInt(2, space.dimension());
                insert.executeUpdate();
            }
        }
        List<VectorIndex.Row> rows = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO passages (organization, agent, id, text, embedding, tags, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (organization, agent, id) DO NOTHING RETURNING row_id")) {
            for (Passage passage : passages) {
                insert.setString(1, agent.organization());
                insert.setString(2, agent.agent());
                insert.setString(3, passage.id());
                insert.setString(4, passage.text());
                insert.setBytes(5, VectorBytes.toBytes(passage.embedding()));
                insert.setString(6, Columns.tags(passage.tags()));
                insert.setString(7, Columns.json(passage.metadata()));
                insert.setLong(8, micros(passage.createdAt()));
                try (ResultSet inserted = insert.executeQuery()) {
                    if (inserted.next()) {
                        rows.add(new VectorIndex.Row(inserted.getLong(1), agent, passage.createdAt(), passage.tags(), passage.embedding()));
                    }
                }
            }
        }
        return rows;
    }

    /** Adds committed rows to the index, when it is loaded (else it reads them when it loads). */
    void indexAll(List<VectorIndex.Row> rows) {
        VectorIndex loaded = index;
        if (loaded == null || rows.isEmpty()) {
            return;
        }
        if (rows.getFirst().vector().length != loaded.dimension()) {
            dropIndex(); // the store was empty and took another space: the next search loads afresh
            return;
        }
        rows.forEach(loaded::add);
    }

    private static boolean empty(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1 FROM passages LIMIT 1")) {
            return !rows.next();
        }
    }

    /** Forgets a deleted agent's vectors. */
    void forget(AgentKey agent) {
        VectorIndex loaded = index;
        if (loaded != null) {
            loaded.removeOwner(agent);
        }
    }

    /** Writes the loaded index beside the database, so that the next start need not rebuild it. */
    void saveIndex() throws IOException {
        VectorIndex loaded = index;
        if (loaded != null) {
            loaded.save(indexFile);
        }
    }

    /** Produces the index, loading it on the writer thread (so that no write slips between the rows read and the index). */
    Uni<VectorIndex> loadedIndex() {
        VectorIndex loaded = index;
        if (loaded != null) {
            return Uni.createFrom().item(loaded);
        }
        return executor.write(connection -> {
            if (index == null) {
                Optional<EmbeddingSpace> space = storedSpace(connection);
                if (space.isEmpty()) {
                    return null;
                }
                index = VectorIndex.restore(indexFile, space.get().dimension(), settings, rows(connection).iterator());
            }
            return index;
        });
    }

    private void dropIndex() {
        index = null;
        try {
            Files.deleteIfExists(indexFile);
        } catch (IOException e) {
            // A stale file is recognised on load (its rows differ or its dimension does) and rebuilt.
        }
    }

    private static List<VectorIndex.Row> rows(Connection connection) throws SQLException {
        List<VectorIndex.Row> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT row_id, organization, agent, created_at, tags, embedding FROM passages ORDER BY row_id")) {
            while (result.next()) {
                rows.add(new VectorIndex.Row(result.getLong(1), new AgentKey(result.getString(2), result.getString(3)),
                        instant(result.getLong(4)), Columns.tags(result.getString(5)), VectorBytes.fromBytes(result.getBytes(6))));
            }
        }
        return rows;
    }

    private static Optional<Passage> passage(Connection connection, AgentKey agent, long rowId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM passages p WHERE p.row_id = ? AND p.organization = ? AND p.agent = ?")) {
            select.setLong(1, rowId);
            select.setString(2, agent.organization());
            select.setString(3, agent.agent());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(passage(rows)) : Optional.empty();
            }
        }
    }

    private static Passage passage(ResultSet rows) throws SQLException {
        Map<String, String> metadata = Columns.map(rows.getString("metadata"));
        return new Passage(rows.getString("id"), rows.getString("text"), VectorBytes.fromBytes(rows.getBytes("embedding")),
                Columns.tags(rows.getString("tags")), metadata, instant(rows.getLong("created_at")));
    }

    private static Optional<EmbeddingSpace> storedSpace(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT model, dimension FROM archival_space WHERE id = 1")) {
            return rows.next() ? Optional.of(new EmbeddingSpace(rows.getString(1), rows.getInt(2))) : Optional.empty();
        }
    }

    private static void requireSpace(EmbeddingSpace stored, EmbeddingSpace given, int length) {
        if (!stored.equals(given)) {
            throw new EmbeddingSpaceMismatchException("archival storage holds vectors of " + stored.model() + " (" + stored.dimension()
                    + " dimensions), not of " + given.model() + " (" + given.dimension() + "): re-embed the passages or use that model");
        }
        if (length != stored.dimension()) {
            throw new EmbeddingSpaceMismatchException("a vector of " + length + " dimensions does not belong to " + stored.model()
                    + " (" + stored.dimension() + " dimensions)");
        }
    }
}
