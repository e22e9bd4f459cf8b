package dev.mnemos.memory.archival;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A passage of archival storage: text the agent (or a user) chose to keep, with its embedding.
 * The embedding array is not copied; do not change it after handing it over.
 *
 * @param id unique per agent, chosen by the writer, e.g. a UUIDv7
 * @param text the passage
 * @param embedding the embedding of {@code text} in the store's {@link EmbeddingSpace}
 * @param tags labels to filter by
 * @param metadata free-form string pairs (source file, page, ...)
 * @param createdAt when it was written
 */
public record Passage(String id, String text, float[] embedding, Set<String> tags, Map<String, String> metadata, Instant createdAt) {

    public Passage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(createdAt, "createdAt");
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
