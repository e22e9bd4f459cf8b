package dev.mnemos.memory.postgres;

import dev.mnemos.memory.archival.VectorBytes;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.VectorIndex;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * This node's in-process vector index of the passages, where PostgreSQL has no pgvector: the
 * embedded engine's {@link VectorIndex}, loaded agent by agent on first search. Other nodes write
 * too, so before each search the agent's {@code archival_version} in PostgreSQL is compared with
 * the version the index holds for it; when they differ, the agent's rows are loaded again. This
 * node's own commits are applied directly ({@link #apply}), so a node searching what it wrote
 * never reloads. Index work runs on threads of its own, never on a Vert.x event loop.
 */
final class PassageIndex implements AutoCloseable {

    /** Rows loaded per query when an agent is (re)loaded. */
    private static final int PAGE = 5000;

    private static final String PAGE_SQL = "SELECT p.row_id, p.id, p.created_ns, p.embedding FROM passages p"
            + " WHERE p.organization = :organization AND p.agent = :agent AND p.row_id > :after ORDER BY p.row_id LIMIT :limit";

    private final Sessions sessions;
    private final VectorIndex.Settings settings;
    // Daemon threads: an open store must not keep a JVM alive (Mutiny's default pool would).
    private final ExecutorService workers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("mnemos-vector-index-", 0).factory());
    private VectorIndex index;
    private final Map<AgentKey, Long> versions = new HashMap<>();

    PassageIndex(Sessions sessions, VectorIndex.Settings settings) {
        this.sessions = sessions;
        this.settings = settings;
    }

    /**
     * Produces the {@code k} best rows of the agent that pass the filter, after bringing the agent
     * up to {@code version}.
     */
    Uni<List<VectorIndex.Hit>> search(AgentKey agent, long version, int dimension, float[] query, int k, VectorIndex.Filter filter) {
        return sync(agent, version, dimension).emitOn(workers).map(loaded -> loaded.search(query, k, filter));
    }

    private Uni<VectorIndex> sync(AgentKey agent, long version, int dimension) {
        synchronized (this) {
            VectorIndex current = indexOf(dimension);
            if (versions.getOrDefault(agent, -1L) == version) {
                return Uni.createFrom().item(current);
            }
        }
        return load(agent, new ArrayList<>(), Long.MIN_VALUE).emitOn(workers).map(rows -> {
            synchronized (this) {
                VectorIndex current = indexOf(dimension);
                current.removeOwner(agent);
                rows.forEach(current::add);
                versions.put(agent, version);
                return current;
            }
        });
    }

    private Uni<List<VectorIndex.Row>> load(AgentKey agent, List<VectorIndex.Row> rows, long after) {
        return sessions.withSession(session -> session.createNativeQuery(PAGE_SQL, Object[].class)
                        .setParameter("organization", agent.organization())
                        .setParameter("agent", agent.agent())
                        .setParameter("after", after)
                        .setParameter("limit", PAGE)
                        .getResultList()
                        .chain(page -> tags(session, agent, page).map(tags -> {
                            for (Object[] row : page) {
                                rows.add(new VectorIndex.Row(((Number) row[0]).longValue(), agent,
                                        EpochNanos.instant(((Number) row[2]).longValue()),
                                        tags.getOrDefault((String) row[1], Set.of()), VectorBytes.fromBytes((byte[]) row[3])));
                            }
                            return page.size();
                        })))
                .chain(size -> size < PAGE ? Uni.createFrom().item(rows) : load(agent, rows, rows.getLast().rowId()));
    }

    private static Uni<Map<String, Set<String>>> tags(Mutiny.Session session, AgentKey agent, List<Object[]> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return session.createSelectionQuery(
                        "from PassageTagRow where organization = :organization and agent = :agent and passageId in :ids", PassageTagRow.class)
                .setParameter("organization", agent.organization())
                .setParameter("agent", agent.agent())
                .setParameter("ids", page.stream().map(row -> (String) row[1]).toList())
                .getResultList()
                .map(rows -> {
                    Map<String, Set<String>> tags = new HashMap<>();
                    rows.forEach(t -> tags.computeIfAbsent(t.passageId, id -> new HashSet<>()).add(t.tag));
                    return tags;
                });
    }

    /**
     * Follows a change this node committed, on a worker thread (a graph build may hold the index
     * for a while); one the index cannot follow (it missed an earlier one) waits for the next reload.
     */
    Uni<Void> apply(ArchivalChange change) {
        if (change.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().voidItem().emitOn(workers).invoke(() -> follow(change));
    }

    private synchronized void follow(ArchivalChange change) {
        if (change.isEmpty() || index == null || versions.getOrDefault(change.agent(), -1L) != change.fromVersion()) {
            return;
        }
        if (change.added().stream().anyMatch(row -> row.vector().length != index.dimension())) {
            drop();
            return;
        }
        change.removed().forEach(index::remove);
        change.added().forEach(index::add);
        versions.put(change.agent(), change.toVersion());
    }

    /** Forgets a deleted agent. */
    synchronized void forget(AgentKey agent) {
        if (index != null) {
            index.removeOwner(agent);
        }
        versions.remove(agent);
    }

    /** Forgets everything (the store changed its embedding space); the next search loads afresh. */
    synchronized void drop() {
        index = null;
        versions.clear();
    }

    private VectorIndex indexOf(int dimension) {
        if (index == null || index.dimension() != dimension) {
            index = new VectorIndex(dimension, settings);
            versions.clear();
        }
        return index;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
