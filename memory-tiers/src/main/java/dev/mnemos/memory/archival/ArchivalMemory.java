package dev.mnemos.memory.archival;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.Workers;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Archival memory as the agent sees it: text in, text out. Wraps an {@link ArchivalStore} with a
 * LangChain4j {@link EmbeddingModel}, by default the in-process all-MiniLM-L6-v2 (quantized, 384
 * dimensions, shipped in its jar: no service). The model's {@link EmbeddingSpace} must be the
 * store's: when another model wrote the store, inserts and searches fail with
 * {@link EmbeddingSpaceMismatchException} until {@link #reembed} has moved every passage over,
 * so vectors of two models are never mixed.
 *
 * <p>Embedding is blocking work; it runs on Mutiny's worker pool, never on the caller's thread.
 */
public final class ArchivalMemory {

    /** The default model's space. */
    public static final EmbeddingSpace DEFAULT_SPACE = new EmbeddingSpace("all-minilm-l6-v2-q", 384);
    private static final int BATCH = 64;

    /** Where a re-embedding stands: {@code done} passages embedded so far. */
    public record Progress(long done) {}

    private final ArchivalStore store;
    private final EmbeddingModel model;
    private final EmbeddingSpace space;
    private final Clock clock;

    /**
     * @param space the model's name and dimension, as the store records it; name it after the
     *     model and its version, so that a change of model is seen
     */
    public ArchivalMemory(ArchivalStore store, EmbeddingModel model, EmbeddingSpace space, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.model = Objects.requireNonNull(model, "model");
        this.space = Objects.requireNonNull(space, "space");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Archival memory with the default in-process model (loading it takes about a second). */
    public static ArchivalMemory withDefaultModel(ArchivalStore store) {
        return new ArchivalMemory(store, new AllMiniLmL6V2QuantizedEmbeddingModel(), DEFAULT_SPACE, Clock.systemUTC());
    }

    public EmbeddingSpace space() {
        return space;
    }

    /**
     * Embeds and stores the texts as passages with {@code tags}, in one batch, and produces them
     * (ids are random UUIDs). An empty list is a no-op.
     *
     * @throws EmbeddingSpaceMismatchException when the store holds passages of another model
     */
    public Uni<List<Passage>> insert(AgentKey agent, List<String> texts, Set<String> tags) {
        if (texts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return embed(texts).chain(vectors -> {
            List<Passage> passages = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                passages.add(new Passage(UUID.randomUUID().toString(), texts.get(i), vectors.get(i), tags, Map.of(), clock.instant()));
            }
            return store.insert(agent, space, passages);
        });
    }

    /** {@link #insert(AgentKey, List, Set)} without tags. */
    public Uni<List<Passage>> insert(AgentKey agent, String... texts) {
        return insert(agent, Arrays.asList(texts), Set.of());
    }

    /**
     * Produces the passages closest in meaning to {@code text} that pass the filters, best first.
     *
     * @throws EmbeddingSpaceMismatchException when the store holds passages of another model
     */
    public Uni<List<ScoredPassage>> search(AgentKey agent, String text, ArchivalQuery query) {
        return embed(List.of(text)).chain(vectors -> store.search(agent, space, vectors.getFirst(), query));
    }

    /** Produces true when the store holds passages of another model, so that {@link #reembed} is needed. */
    public Uni<Boolean> needsReembedding() {
        return store.space().map(stored -> stored.isPresent() && !stored.get().equals(space));
    }

    /**
     * Re-embeds every passage of the store (all agents: the space is the store's) with this model
     * and switches the store to its space in one transaction, reporting progress after each batch.
     * Produces how many passages were re-embedded; 0, changing nothing, when the store is already
     * in this space or empty.
     *
     * @throws dev.mnemos.memory.MemoryException when passages were added or removed meanwhile
     *     (nothing changed: run it again)
     */
    public Uni<Long> reembed(Consumer<Progress> progress) {
        return needsReembedding().chain(needed -> needed ? reembedAll(progress) : Uni.createFrom().item(0L));
    }

    private Uni<Long> reembedAll(Consumer<Progress> progress) {
        // A loop of blocking waits on the worker pool: a chain of 15,000 Unis for a million passages would nest as deep.
        return Uni.createFrom().item(() -> {
            List<OwnedPassage> reembedded = new ArrayList<>();
            List<OwnedPassage> page = store.scan(null, BATCH).await().indefinitely();
            while (!page.isEmpty()) {
                List<float[]> vectors = vectors(page.stream().map(o -> o.passage().text()).toList());
                for (int i = 0; i < page.size(); i++) {
                    Passage p = page.get(i).passage();
                    reembedded.add(new OwnedPassage(page.get(i).agent(),
                            new Passage(p.id(), p.text(), vectors.get(i), p.tags(), p.metadata(), p.createdAt())));
                }
                progress.accept(new Progress(reembedded.size()));
                page = store.scan(page.getLast(), BATCH).await().indefinitely();
            }
            store.replaceSpace(space, reembedded).await().indefinitely();
            return (long) reembedded.size();
        }).runSubscriptionOn(Workers.pool());
    }

    private Uni<List<float[]>> embed(List<String> texts) {
        return Uni.createFrom().item(() -> vectors(texts)).runSubscriptionOn(Workers.pool());
    }

    private List<float[]> vectors(List<String> texts) {
        List<Embedding> embeddings = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        List<float[]> vectors = embeddings.stream().map(Embedding::vector).toList();
        for (float[] v : vectors) {
            if (v.length != space.dimension()) {
                throw new EmbeddingSpaceMismatchException("the embedding model produced " + v.length + " dimensions, but "
                        + space.model() + " is declared with " + space.dimension());
            }
        }
        return vectors;
    }
}
