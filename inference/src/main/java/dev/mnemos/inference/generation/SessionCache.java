package dev.mnemos.inference.generation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The sessions of one model, at most {@code capacity}, the least recently used evicted first (its KV
 * cache with it). Callers synchronize on the model (one generation at a time).
 */
final class SessionCache {

    private final int capacity;
    private final Map<String, Session> sessions;

    SessionCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("at least one session, got " + capacity);
        }
        this.capacity = capacity;
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                return size() > SessionCache.this.capacity;
            }
        };
    }

    /** The session of that id, made (and the eldest evicted) when there is none. */
    Session get(String id, Function<String, Session> create) {
        return sessions.computeIfAbsent(id, create);
    }

    /**
     * The session whose tokens share the longest prefix with {@code prompt}, when that prefix is worth
     * keeping (at least {@code minimum} tokens), else null. Looking does not count as a use.
     */
    Session longestPrefix(int[] prompt, int minimum) {
        Session best = null;
        int bestLength = minimum - 1;
        for (Session session : sessions.values()) {
            int common = session.commonPrefix(prompt);
            if (common > bestLength) {
                best = session;
                bestLength = common;
            }
        }
        return best;
    }

    boolean contains(String id) {
        return sessions.containsKey(id);
    }

    void remove(String id) {
        sessions.remove(id);
    }

    int size() {
        return sessions.size();
    }
}
