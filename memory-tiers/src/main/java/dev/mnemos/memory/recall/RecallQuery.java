package dev.mnemos.memory.recall;

import java.time.Instant;
import java.util.Set;

/**
 * What to find in recall storage. Every criterion is optional; all given ones must hold.
 *
 * @param text full-text query, matched as literal words (never as query syntax: quotes, operators
 *     and SQL in it are words or separators); a message matches when it contains every word, and
 *     text without any word matches nothing. Results are ranked by relevance when given, else
 *     ordered by {@code order}
 * @param from inclusive lower bound of {@code createdAt}, or null
 * @param to exclusive upper bound of {@code createdAt}, or null
 * @param roles the roles to keep; empty means all
 * @param order the order of results without text, and the tie-break with text
 * @param offset how many results to skip (paging)
 * @param limit at most this many results, 1..1000
 */
public record RecallQuery(String text, Instant from, Instant to, Set<Role> roles, Order order, int offset, int limit) {

    public enum Order {
        NEWEST_FIRST,
        OLDEST_FIRST
    }

    public RecallQuery {
        text = text == null || text.isBlank() ? null : text;
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        order = order == null ? Order.NEWEST_FIRST : order;
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000, got " + limit);
        }
    }

    public static RecallQuery text(String text, int limit) {
        return new RecallQuery(text, null, null, Set.of(), Order.NEWEST_FIRST, 0, limit);
    }

    public static RecallQuery newest(int limit) {
        return new RecallQuery(null, null, null, Set.of(), Order.NEWEST_FIRST, 0, limit);
    }
}
