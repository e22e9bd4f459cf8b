package dev.mnemos.memory.archival;

import java.time.Instant;
import java.util.Set;

/**
 * How to search archival storage.
 *
 * @param topK how many passages to produce, 1..1000
 * @param offset how many of the best to skip (paging)
 * @param tags when not empty, only passages carrying at least one of these tags
 * @param from inclusive lower bound of {@code createdAt}, or null
 * @param to exclusive upper bound of {@code createdAt}, or null
 */
public record ArchivalQuery(int topK, int offset, Set<String> tags, Instant from, Instant to) {

    public ArchivalQuery {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        if (topK < 1 || topK > 1000) {
            throw new IllegalArgumentException("topK must be 1..1000, got " + topK);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
    }

    public static ArchivalQuery top(int k) {
        return new ArchivalQuery(k, 0, Set.of(), null, null);
    }
}
