package dev.mnemos.memory.postgres;

import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.EmbeddingSpaceMismatchException;
import dev.mnemos.memory.archival.Passage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
     * Stores the passages whose ids are new, after fixing the store's space on the first insert and
     * checking it on every later one.
     */
    static Uni<List<Passage>> insert(Mutiny.Session session, VectorColumn vectors, AgentKey key, EmbeddingSpace space, List<Passage> passages) {
        if (passages.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        for (Passage passage : passages) {
            StoredText.check("passage '" + passage.id() + "'", passage.text());
            passage.tags().forEach(tag -> StoredText.check("tag of passage '" + passage.id() + "'", tag));
            passage.metadata().forEach((k, v) -> StoredText.check("metadata '" + k + "' of passage '" + passage.id() + "'", k + v));
            if (passage.embedding().length != space.dimension()) {
                throw new EmbeddingSpaceMismatchException("passage '" + passage.id() + "' has a vector of " + passage.embedding().length
                        + " dimensions; " + space.model() + " has " + space.dimension());
            }
        }
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
                    List<Passage> fresh = new ArrayList<>();
                    for (Passage passage : passages) {
                        if (seen.add(passage.id())) {
                            fresh.add(passage);
                            rows.add(new PassageRow(key, passage));
                            passage.tags().forEach(tag -> rows.add(new PassageTagRow(key, passage.id(), tag)));
                        }
                    }
                    return session.persistAll(rows.toArray()).chain(() -> vectors.present() ? writeVectors(session, key, fresh) : Uni.createFrom().voidItem());
                })
                .replaceWith(passages);
    }

    private static Uni<Void> fixSpace(Mutiny.Session session, VectorColumn vectors, EmbeddingSpace space) {
        return session.createNativeQuery("INSERT INTO embedding_space (model, dimension) VALUES (:model, :dimension) ON CONFLICT DO NOTHING")
                .setParameter("model", space.model())
                .setParameter("dimension", space.dimension())
                .executeUpdate()
                .chain(inserted -> {
                    Uni<Integer> index = inserted > 0 && vectors.present()
                            ? session.createNativeQuery(VectorColumn.createIndex(space.dimension())).executeUpdate()
                            : Uni.createFrom().item(0);
                    return index.chain(() -> space(session));
                })
                .map(stored -> {
                    EmbeddingSpace fixed = stored.orElseThrow();
                    if (!fixed.equals(space)) {
                        throw mismatch(fixed, space);
                    }
                    return null;
                });
    }

    private static Uni<Void> writeVectors(Mutiny.Session session, AgentKey key, List<Passage> fresh) {
        return session.flush().chain(() -> Multi.createFrom().iterable(fresh)
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
