package dev.mnemos.memory.postgres;

import dev.mnemos.memory.archival.VectorBytes;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ArchivalStore;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.EmbeddingSpaceMismatchException;
import dev.mnemos.memory.archival.OwnedPassage;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.archival.VectorIndex;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * {@link ArchivalStore} on {@code passages} and {@code passage_tags}. With pgvector, search orders
 * by cosine distance on the HNSW index; without it, through this node's {@link PassageIndex}.
 */
final class PostgresArchivalStore implements ArchivalStore {

    private static final String BY_ROW_IDS = "from PassageRow where organization = :organization and agent = :agent and rowId in :ids";

    private final Sessions sessions;
    private final VectorColumn vectors;
    private final PassageIndex index;

    PostgresArchivalStore(Sessions sessions, VectorColumn vectors, PassageIndex index) {
        this.sessions = sessions;
        this.vectors = vectors;
        this.index = index;
    }

    @Override
    public Uni<Optional<EmbeddingSpace>> space() {
        return sessions.withSession(ArchivalWrites::space);
    }

    @Override
    public Uni<List<Passage>> insert(AgentKey agent, EmbeddingSpace space, List<Passage> passages) {
        return sessions.withTransaction(session -> AgentRows.lock(session, agent)
                        .chain(row -> ArchivalWrites.insert(session, vectors, row, space, passages)))
                .call(index::apply)
                .replaceWith(passages);
    }

    @Override
    public Uni<List<ScoredPassage>> search(AgentKey agent, EmbeddingSpace space, float[] query, ArchivalQuery filters) {
        if (query.length != space.dimension()) {
            return Uni.createFrom().failure(new EmbeddingSpaceMismatchException(
                    "the query has " + query.length + " dimensions; " + space.model() + " has " + space.dimension()));
        }
        if (vectors.present()) {
            return sessions.withSession(session -> checkSpace(session, agent, space)
                    .chain(version -> version == null ? Uni.createFrom().item(List.<VectorIndex.Hit>of()) : nearest(session, agent, query, filters))
                    .chain(hits -> load(session, agent, hits)));
        }
        // The index works on a worker thread, outside any session: a session stays on the thread that opened it.
        return sessions.withSession(session -> checkSpace(session, agent, space))
                .chain(version -> version == null
                        ? Uni.createFrom().item(List.<VectorIndex.Hit>of())
                        : index.search(agent, version, space.dimension(), query, filters.topK() + filters.offset(),
                                        new VectorIndex.Filter(agent, filters.tags(), filters.from(), filters.to()))
                                .map(all -> all.subList(Math.min(filters.offset(), all.size()), all.size())))
                .chain(hits -> hits.isEmpty() ? Uni.createFrom().item(List.<ScoredPassage>of()) : sessions.withSession(session -> load(session, agent, hits)));
    }

    /**
     * Produces the agent's archival version, or null when the store holds no vectors; fails when
     * {@code space} is not the store's (a store without passages has no space to differ from).
     */
    private static Uni<Long> checkSpace(Mutiny.Session session, AgentKey agent, EmbeddingSpace space) {
        return AgentRows.require(session, agent).chain(row -> ArchivalWrites.space(session).chain(stored -> {
            if (stored.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            if (stored.get().equals(space)) {
                return Uni.createFrom().item(row.archivalVersion);
            }
            return ArchivalWrites.anyPassage(session).map(any -> {
                if (any) {
                    throw ArchivalWrites.mismatch(stored.get(), space);
                }
                return null;
            });
        }));
    }

    private Uni<List<VectorIndex.Hit>> nearest(Mutiny.Session session, AgentKey agent, float[] query, ArchivalQuery filters) {
        Mutiny.SelectionQuery<Object[]> sql = session.createNativeQuery(ArchivalSql.nearest(filters, query.length), Object[].class)
                .setParameter("organization", agent.organization())
                .setParameter("agent", agent.agent())
                .setParameter("query", Embeddings.toVectorLiteral(query))
                .setParameter("limit", filters.topK())
                .setParameter("offset", filters.offset());
        if (filters.from() != null) {
            sql.setParameter("from", EpochNanos.bound(filters.from()));
        }
        if (filters.to() != null) {
            sql.setParameter("to", EpochNanos.bound(filters.to()));
        }
        if (!filters.tags().isEmpty()) {
            sql.setParameter("tags", filters.tags().stream().sorted().toList());
        }
        return sql.getResultList()
                .map(rows -> rows.stream().map(r -> new VectorIndex.Hit(((Number) r[0]).longValue(), ((Number) r[1]).doubleValue())).toList());
    }

    /** Loads the passages of the hits, in the hits' order; a row deleted since the index saw it is left out. */
    private static Uni<List<ScoredPassage>> load(Mutiny.Session session, AgentKey agent, List<VectorIndex.Hit> hits) {
        if (hits.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session.createSelectionQuery(BY_ROW_IDS, PassageRow.class)
                .setParameter("organization", agent.organization())
                .setParameter("agent", agent.agent())
                .setParameter("ids", hits.stream().map(VectorIndex.Hit::rowId).toList())
                .getResultList()
                .chain(rows -> tags(session, rows).map(tags -> {
                    Map<Long, PassageRow> byRow = new HashMap<>();
                    rows.forEach(row -> byRow.put(row.rowId, row));
                    List<ScoredPassage> out = new ArrayList<>(hits.size());
                    for (VectorIndex.Hit hit : hits) {
                        PassageRow row = byRow.get(hit.rowId());
                        if (row != null) {
                            out.add(new ScoredPassage(row.toPassage(tags.getOrDefault(tagKey(row.key(), row.id), Set.of())), hit.score()));
                        }
                    }
                    return out;
                }));
    }

    /** The tags of the given passages (of any agents), keyed by agent and passage id. */
    private static Uni<Map<String, Set<String>>> tags(Mutiny.Session session, List<PassageRow> rows) {
        Map<AgentKey, List<String>> idsByAgent = new LinkedHashMap<>();
        rows.forEach(row -> idsByAgent.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row.id));
        Map<String, Set<String>> tags = new HashMap<>();
        return Multi.createFrom().iterable(idsByAgent.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> session.createSelectionQuery(
                                "from PassageTagRow where organization = :organization and agent = :agent and passageId in :ids", PassageTagRow.class)
                        .setParameter("organization", entry.getKey().organization())
                        .setParameter("agent", entry.getKey().agent())
                        .setParameter("ids", entry.getValue())
                        .getResultList())
                .invoke(tagRows -> tagRows.forEach(t -> tags.computeIfAbsent(tagKey(t.key(), t.passageId), k -> new HashSet<>()).add(t.tag)))
                .collect().last()
                .replaceWith(tags);
    }

    private static String tagKey(AgentKey agent, String passageId) {
        return agent + "\n" + passageId;
    }

    @Override
    public Uni<Long> count(AgentKey agent) {
        return sessions.withSession(session -> AgentRows.require(session, agent).chain(() -> session.createSelectionQuery(
                        "select count(*) from PassageRow where organization = :organization and agent = :agent", Long.class)
                .setParameter("organization", agent.organization())
                .setParameter("agent", agent.agent())
                .getSingleResult()));
    }

    @Override
    public Uni<Optional<Instant>> lastWrite(AgentKey agent) {
        return sessions.withSession(session -> AgentRows.require(session, agent).chain(() -> session.createSelectionQuery(
                                "select max(createdNs) from PassageRow where organization = :organization and agent = :agent", Long.class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .getSingleResultOrNull()))
                .map(nanos -> Optional.ofNullable(nanos).map(EpochNanos::instant));
    }

    @Override
    public Uni<Boolean> delete(AgentKey agent, String passageId) {
        return sessions.withTransaction(session -> AgentRows.lock(session, agent).chain(row -> session.createSelectionQuery(
                                "from PassageRow where organization = :organization and agent = :agent and id = :id", PassageRow.class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .setParameter("id", passageId)
                        .getSingleResultOrNull()
                        .chain(passage -> {
                            if (passage == null) {
                                return Uni.createFrom().item(ArchivalChange.none(row));
                            }
                            long from = row.archivalVersion++;
                            return session.createMutationQuery(
                                            "delete from PassageTagRow where organization = :organization and agent = :agent and passageId = :id")
                                    .setParameter("organization", agent.organization())
                                    .setParameter("agent", agent.agent())
                                    .setParameter("id", passageId)
                                    .executeUpdate()
                                    .chain(() -> session.remove(passage))
                                    .replaceWith(new ArchivalChange(agent, from, row.archivalVersion, List.of(), List.of(passage.rowId)));
                        })))
                .call(index::apply)
                .map(change -> !change.isEmpty());
    }

    @Override
    public Uni<List<OwnedPassage>> scan(OwnedPassage after, int limit) {
        // Byte order ("C") on both sides of the keyset, so that paging agrees with the ordering whatever the database's collation.
        String sql = "SELECT p.row_id, p.organization, p.agent, p.id, p.text, p.embedding, p.metadata, p.created_ns FROM passages p"
                + (after == null ? "" : " WHERE (p.organization COLLATE \"C\", p.agent COLLATE \"C\", p.id COLLATE \"C\") > (:organization, :agent, :id)")
                + " ORDER BY p.organization COLLATE \"C\", p.agent COLLATE \"C\", p.id COLLATE \"C\" LIMIT :limit";
        return sessions.withSession(session -> {
            Mutiny.SelectionQuery<PassageRow> query = session.createNativeQuery(sql, PassageRow.class).setParameter("limit", limit);
            if (after != null) {
                query.setParameter("organization", after.agent().organization())
                        .setParameter("agent", after.agent().agent())
                        .setParameter("id", after.passage().id());
            }
            return query.getResultList().chain(rows -> tags(session, rows).map(tags -> rows.stream()
                    .map(row -> new OwnedPassage(row.key(), row.toPassage(tags.getOrDefault(tagKey(row.key(), row.id), Set.of()))))
                    .toList()));
        });
    }

    @Override
    public Uni<Void> replaceSpace(EmbeddingSpace space, List<OwnedPassage> reembedded) {
        return sessions.withTransaction(session -> session.createNativeQuery("SELECT model FROM embedding_space FOR UPDATE", String.class)
                        .getResultList()
                        .chain(() -> session.createNativeQuery("SELECT count(*) FROM passages", Long.class).getSingleResult())
                        .chain(stored -> {
                            if (stored != reembedded.size()) {
                                return Uni.createFrom().failure(new MemoryException("the store holds " + stored + " passages, " + reembedded.size()
                                        + " were re-embedded: passages changed meanwhile, re-embed again"));
                            }
                            for (OwnedPassage owned : reembedded) {
                                if (owned.passage().embedding().length != space.dimension()) {
                                    throw new EmbeddingSpaceMismatchException("passage '" + owned.passage().id() + "' has "
                                            + owned.passage().embedding().length + " dimensions, " + space.model() + " has " + space.dimension());
                                }
                            }
                            return Multi.createFrom().iterable(reembedded)
                                    .onItem().transformToUniAndConcatenate(owned -> reembed(session, owned))
                                    .collect().last()
                                    .chain(() -> ArchivalWrites.replaceSpace(session, vectors, space));
                        }))
                .invoke(index::drop);
    }

    private Uni<Void> reembed(Mutiny.Session session, OwnedPassage owned) {
        Passage passage = owned.passage();
        return session.createNativeQuery("UPDATE passages SET embedding = :embedding WHERE organization = :organization AND agent = :agent AND id = :id")
                .setParameter("embedding", VectorBytes.toBytes(passage.embedding()))
                .setParameter("organization", owned.agent().organization())
                .setParameter("agent", owned.agent().agent())
                .setParameter("id", passage.id())
                .executeUpdate()
                .chain(updated -> updated == 1
                        ? (vectors.present() ? ArchivalWrites.writeVectors(session, owned.agent(), List.of(passage)) : Uni.createFrom().voidItem())
                        : Uni.createFrom().failure(new MemoryException("passage '" + passage.id() + "' of " + owned.agent()
                                + " is gone: passages changed meanwhile, re-embed again")));
    }
}
