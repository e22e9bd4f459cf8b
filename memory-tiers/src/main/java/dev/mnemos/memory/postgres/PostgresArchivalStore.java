package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ArchivalStore;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.EmbeddingSpaceMismatchException;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.archival.ScoredPassage;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * {@link ArchivalStore} on {@code passages} and {@code passage_tags}. With pgvector, search orders
 * by cosine distance on the HNSW index; without it, by exact cosine similarity computed here over
 * the candidates that pass the filters.
 */
final class PostgresArchivalStore implements ArchivalStore {

    private final Mutiny.SessionFactory sessions;
    private final VectorColumn vectors;

    PostgresArchivalStore(Mutiny.SessionFactory sessions, VectorColumn vectors) {
        this.sessions = sessions;
        this.vectors = vectors;
    }

    @Override
    public Uni<Optional<EmbeddingSpace>> space() {
        return sessions.withSession(ArchivalWrites::space);
    }

    @Override
    public Uni<List<Passage>> insert(AgentKey agent, EmbeddingSpace space, List<Passage> passages) {
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> ArchivalWrites.insert(session, vectors, agent, space, passages)));
    }

    @Override
    public Uni<List<ScoredPassage>> search(AgentKey agent, EmbeddingSpace space, float[] query, ArchivalQuery filters) {
        if (query.length != space.dimension()) {
            return Uni.createFrom().failure(new EmbeddingSpaceMismatchException(
                    "the query has " + query.length + " dimensions; " + space.model() + " has " + space.dimension()));
        }
        return sessions.withSession(session -> AgentRows.require(session, agent)
                .chain(() -> ArchivalWrites.space(session))
                .chain(stored -> {
                    if (stored.isEmpty()) {
                        return Uni.createFrom().item(List.<ScoredPassage>of());
                    }
                    if (!stored.get().equals(space)) {
                        return Uni.createFrom().failure(ArchivalWrites.mismatch(stored.get(), space));
                    }
                    Uni<List<Scored>> best = vectors.present() ? nearest(session, agent, query, filters) : exact(session, agent, query, filters);
                    return best.chain(scored -> load(session, agent, scored));
                }));
    }

    /** An id and its similarity, before the passage is loaded. */
    private record Scored(String id, double score) {}

    private Uni<List<Scored>> nearest(Mutiny.Session session, AgentKey agent, float[] query, ArchivalQuery filters) {
        return bind(session.createNativeQuery(ArchivalSql.nearest(filters, query.length), Object[].class), agent, filters)
                .setParameter("query", Embeddings.toVectorLiteral(query))
                .setParameter("limit", filters.topK())
                .setParameter("offset", filters.offset())
                .getResultList()
                .map(rows -> rows.stream().map(row -> new Scored((String) row[0], ((Number) row[1]).doubleValue())).toList());
    }

    private Uni<List<Scored>> exact(Mutiny.Session session, AgentKey agent, float[] query, ArchivalQuery filters) {
        return bind(session.createNativeQuery(ArchivalSql.candidates(filters), Object[].class), agent, filters)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new Scored((String) row[0], Cosine.similarity(query, Embeddings.fromBytes((byte[]) row[1]))))
                        .sorted(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id))
                        .skip(filters.offset())
                        .limit(filters.topK())
                        .toList());
    }

    private static <R> Mutiny.SelectionQuery<R> bind(Mutiny.SelectionQuery<R> sql, AgentKey agent, ArchivalQuery filters) {
        sql.setParameter("organization", agent.organization())
                .setParameter("agent", agent.agent())
                .setParameter("from", filters.from() == null ? Long.MIN_VALUE : EpochNanos.of(filters.from()))
                .setParameter("to", filters.to() == null ? Long.MAX_VALUE : EpochNanos.of(filters.to()));
        if (!filters.tags().isEmpty()) {
            sql.setParameter("tags", filters.tags().stream().sorted().toList());
        }
        return sql;
    }

    private static Uni<List<ScoredPassage>> load(Mutiny.Session session, AgentKey agent, List<Scored> scored) {
        if (scored.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = scored.stream().map(Scored::id).toList();
        return session.createSelectionQuery(
                        "from PassageRow where organization = :organization and agent = :agent and id in :ids", PassageRow.class)
                .setParameter("organization", agent.organization())
                .setParameter("agent", agent.agent())
                .setParameter("ids", ids)
                .getResultList()
                .chain(rows -> session.createSelectionQuery(
                                "from PassageTagRow where organization = :organization and agent = :agent and passageId in :ids", PassageTagRow.class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .setParameter("ids", ids)
                        .getResultList()
                        .map(tagRows -> {
                            Map<String, Set<String>> tags = new HashMap<>();
                            tagRows.forEach(t -> tags.computeIfAbsent(t.passageId, k -> new HashSet<>()).add(t.tag));
                            Map<String, PassageRow> byId = new HashMap<>();
                            rows.forEach(row -> byId.put(row.id, row));
                            List<ScoredPassage> out = new ArrayList<>(scored.size());
                            for (Scored s : scored) {
                                PassageRow row = byId.get(s.id());
                                out.add(new ScoredPassage(row.toPassage(tags.getOrDefault(s.id(), Set.of())), s.score()));
                            }
                            return out;
                        }));
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
        return sessions.withTransaction(session -> AgentRows.require(session, agent)
                .chain(() -> session.createMutationQuery(
                                "delete from PassageTagRow where organization = :organization and agent = :agent and passageId = :id")
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .setParameter("id", passageId)
                        .executeUpdate())
                .chain(() -> session.createMutationQuery(
                                "delete from PassageRow where organization = :organization and agent = :agent and id = :id")
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .setParameter("id", passageId)
                        .executeUpdate())
                .map(deleted -> deleted > 0));
    }
}
