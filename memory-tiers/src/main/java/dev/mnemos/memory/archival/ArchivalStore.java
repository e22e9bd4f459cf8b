package dev.mnemos.memory.archival;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Archival storage: passages with embeddings, searched by similarity. All methods fail with
 * {@link dev.mnemos.memory.NoSuchAgentException} for an unknown agent. Embeddings are computed by
 * the caller ({@link ArchivalMemory} does it with a LangChain4j {@code EmbeddingModel}).
 */
public interface ArchivalStore {

    /**
     * Produces the embedding space of the stored vectors; empty before the first insert.
     */
    Uni<Optional<EmbeddingSpace>> space();

    /**
     * Stores passages in one batch (all or none) and produces them. The first insert into a store
     * without passages fixes the store's space; later ones must match it. A passage whose id is
     * stored already is skipped.
     *
     * @throws EmbeddingSpaceMismatchException when {@code space} differs from the store's, or a
     *     vector's length differs from {@code space.dimension()}
     */
    Uni<List<Passage>> insert(AgentKey agent, EmbeddingSpace space, List<Passage> passages);

    /**
     * Produces the passages closest to {@code query} that pass the filters, best first.
     *
     * @throws EmbeddingSpaceMismatchException when the query is of another space than the store's
     */
    Uni<List<ScoredPassage>> search(AgentKey agent, EmbeddingSpace space, float[] query, ArchivalQuery filters);

    /** Produces how many passages the agent has. */
    Uni<Long> count(AgentKey agent);

    /** Produces when the agent's newest passage was written, or empty when it has none. */
    Uni<Optional<Instant>> lastWrite(AgentKey agent);

    /** Deletes a passage; produces false when there was none of that id. */
    Uni<Boolean> delete(AgentKey agent, String passageId);

    /**
     * Produces up to {@code limit} passages of every agent of every organisation, ordered by
     * organisation, agent and passage id, starting after {@code after} (null: from the first).
     * For re-embedding ({@link ArchivalMemory#reembed}); not scoped to one tenant on purpose.
     */
    default Uni<List<OwnedPassage>> scan(OwnedPassage after, int limit) {
        return Uni.createFrom().failure(new dev.mnemos.memory.MemoryException("this engine cannot scan its passages"));
    }

    /**
     * Switches the store to {@code space}: in one transaction, replaces the embedding of every
     * stored passage by the one in {@code reembedded} (matched by agent and id; texts, tags and
     * dates are kept). Fails, changing nothing, unless {@code reembedded} covers every stored
     * passage exactly, with vectors of {@code space.dimension()}.
     *
     * @throws EmbeddingSpaceMismatchException when a vector has another dimension
     * @throws dev.mnemos.memory.MemoryException when passages were added or removed meanwhile
     */
    default Uni<Void> replaceSpace(EmbeddingSpace space, List<OwnedPassage> reembedded) {
        return Uni.createFrom().failure(new dev.mnemos.memory.MemoryException("this engine cannot re-embed its passages"));
    }
}
