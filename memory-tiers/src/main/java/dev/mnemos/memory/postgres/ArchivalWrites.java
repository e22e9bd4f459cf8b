package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.EmbeddingSpaceMismatchException;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.archival.VectorIndex;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/** The writes of archival storage inside a transaction; shared by {@link PostgresArchivalStore} and step commits. */
final class ArchivalWrites {

    private ArchivalWrites() {}

    /** Produces the store's embedding space, or empty before the first insert. */
    static Uni<Optional<EmbeddingSpace>> space(Mutiny.Session session) {
        return session.createNativeQuery("SELECT model, dimension FROM embedding_space", Object[].class)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(row -> new EmbeddingSpace((String) row[0], ((Number) row[1]).intValue())));
    }

    /**
     * Stores the passages whose ids are new, after fixing the store's space when it holds no
     * passage and checking it otherwise; {@code agent} must be locked. Produces what changed.
     */
    static Uni<ArchivalChange> insert(Mutiny.Session session, VectorColumn vectors, AgentRow agent, EmbeddingSpace space, List<Passage> passages) {
        if (passages.isEmpty()) {
            return Uni.createFrom().item(ArchivalChange.none(agent));
        }
        for (Passage passage : passages) {
            StoredText.check("passage id", passage.id(), 1024);
            StoredText.check("passage '" + passage.id() + "' text", passage.text());
            passage.tags().forEach(tag -> StoredText.check("passage '" + passage.id() + "' tag", tag, 1024));
            passage.metadata().forEach((k, v) -> StoredText.check("passage '" + passage.id() + "' metadata", k + v));
            if (passage.embedding().length != space.dimension()) {
                throw new EmbeddingSpaceMismatchException("passage '" + passage.id() + "' has a vector of " + passage.embedding().length
                        + " dimensions; " + space.model() + " has " + space.dimension());
            }
        }
        AgentKey key = agent.key();
        return fixSpace(session, vectors, space)
                .chain(() -> session.createSelectionQuery(
                                "select id from PassageRow where organization = :organization and agent = :agent and id in :ids", String.class)
                        .setParameter("organization", key.organization())
                        .setParameter("agent", key.agent())
                        .setParameter("ids", passages.stream().map(Passage::id).distinct().toList())
                        .getResultList())
                .chain(existing -> {
                    Set<String> seen = new HashSet<>(existing);
                    List<Object> rows = new ArrayList<>();
                    List<PassageRow> fresh = new ArrayList<>();
                    for (Passage passage : passages) {
                        if (seen.add(passage.id())) {
                            PassageRow row = new PassageRow(key, passage);
                            fresh.add(row);
                            rows.add(row);
                            passage.tags().forEach(tag -> rows.add(new PassageTagRow(key, passage.id(), tag)));
                        }
                    }
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(ArchivalChange.none(agent));
                    }
                    long from = agent.archivalVersion++;
                    return session.persistAll(rows.toArray())
                            .chain(() -> vectors.present() ? writeVectors(session, key, passages) : Uni.createFrom().voidItem())
                            .map(written -> new ArchivalChange(key, from, agent.archivalVersion, indexRows(key, passages, fresh), List.of()));
                });
    }

    private static List<VectorIndex.Row> indexRows(AgentKey key, List<Passage> passages, List<PassageRow> fresh) {
        Map<String, Passage> byId = new HashMap<>();
        passages.forEach(p -> byId.putIfAbsent(p.id(), p));
        List<VectorIndex.Row> rows = new ArrayList<>(fresh.size());
        for (PassageRow row : fresh) {
            Passage passage = byId.get(row.id);
            rows.add(new VectorIndex.Row(row.rowId, key, passage.createdAt(), passage.tags(), passage.embedding()));
        }
        return rows;
    }

    /**
     * Fixes the store's space on the first insert, or when the store holds no passage (every agent
     * that had some was deleted); otherwise the space must be the stored one.
     */
    private static Uni<Void> fixSpace(Mutiny.Session session, VectorColumn vectors, EmbeddingSpace space) {
        return session.createNativeQuery("INSERT INTO embedding_space (model, dimension) VALUES (:model, :dimension) ON CONFLICT DO NOTHING")
                .setParameter("model", space.model())
                .setParameter("dimension", space.dimension())
                .executeUpdate()
                .chain(inserted -> session.createNativeQuery("SELECT model, dimension FROM embedding_space FOR UPDATE", Object[].class)
                        .getSingleResult()
                        .chain(row -> {
                            EmbeddingSpace stored = new EmbeddingSpace((String) row[0], ((Number) row[1]).intValue());
                            if (stored.equals(space)) {
                                return inserted > 0 ? createIndex(session, vectors, space) : Uni.createFrom().voidItem();
                            }
                            return anyPassage(session)
                                    .chain(any -> {
                                        if (any) {
                                            return Uni.createFrom().failure(mismatch(stored, space));
                                        }
                                        return replaceSpace(session, vectors, space);
                                    });
                        }));
    }

    /** Produces whether the store holds any passage, of any agent. */
    static Uni<Boolean> anyPassage(Mutiny.Session session) {
        return session.createNativeQuery("SELECT count(*) FROM (SELECT 1 FROM passages LIMIT 1) p", Long.class)
                .getSingleResult()
                .map(n -> n > 0);
    }

    /** Records {@code space} as the store's and, with pgvector, rebuilds the HNSW index for its dimension. */
    static Uni<Void> replaceSpace(Mutiny.Session session, VectorColumn vectors, EmbeddingSpace space) {
        return session.createNativeQuery("UPDATE embedding_space SET model = :model, dimension = :dimension")
                .setParameter("model", space.model())
                .setParameter("dimension", space.dimension())
                .executeUpdate()
                .chain(() -> vectors.present()
                        ? session.createNativeQuery("DROP INDEX IF EXISTS passages_hnsw").executeUpdate().replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .chain(() -> createIndex(session, vectors, space));
    }

    private static Uni<Void> createIndex(Mutiny.Session session, VectorColumn vectors, EmbeddingSpace space) {
        return vectors.present()
                ? session.createNativeQuery(VectorColumn.createIndex(space.dimension())).executeUpdate().replaceWithVoid()
                : Uni.createFrom().voidItem();
    }

    /** Writes the pgvector column of the given passages (after flushing their rows). */
    static Uni<Void> writeVectors(Mutiny.Session session, AgentKey key, List<Passage> passages) {
        return session.flush().chain(() -> Multi.createFrom().iterable(passages)
                .onItem().transformToUniAndConcatenate(passage -> session.createNativeQuery(
                                "UPDATE passages SET embedding_vector = cast(:vector as vector) WHERE organization = :organization AND agent = :agent AND id = :id")
                        .setParameter("vector", Embeddings.toVectorLiteral(passage.embedding()))
                        .setParameter("organization", key.organization())
                        .setParameter("agent", key.agent())
                        .setParameter("id", passage.id())
                        .executeUpdate())
                .collect().last()
                .replaceWithVoid());
    }

    static EmbeddingSpaceMismatchException mismatch(EmbeddingSpace stored, EmbeddingSpace given) {
        return new EmbeddingSpaceMismatchException("this store holds vectors of " + stored.model() + " (" + stored.dimension()
                + " dimensions), not of " + given.model() + " (" + given.dimension() + "); re-embed the store or use its model");
    }
}
