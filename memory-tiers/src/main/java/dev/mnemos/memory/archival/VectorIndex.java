package dev.mnemos.memory.archival;

import dev.mnemos.memory.AgentKey;
import io.github.jbellis.jvector.disk.RandomAccessReader;
import io.github.jbellis.jvector.disk.ReaderSupplier;
import io.github.jbellis.jvector.disk.ReaderSupplierFactory;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorUtil;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

/**
 * The in-process vector index of archival storage, for any engine that has no native one: every
 * passage's unit vector, owner, date and tags in memory, and a JVector graph (HNSW-like: a Vamana
 * graph with a hierarchy) over them. Rows are named by the engine's row ids, which must never be
 * reused. Scores are cosine similarities.
 *
 * <p>Search is exact when few passages pass the filters (or few exist at all), and otherwise walks
 * the graph with the filter applied to every candidate, asking for more candidates the more
 * selective the filter is. Rows added since the graph was last extended are searched exactly
 * until there are enough of them to be worth adding to the graph.
 *
 * <p>{@link #save} writes the graph beside the database; {@link #restore} reads it back, adds
 * what was written since, and rebuilds from the rows when the file is missing, damaged or stale.
 * Thread-safe: searches share a read lock, changes take the write lock.
 */
public final class VectorIndex {

    /** One search result: the row and its cosine similarity to the query. */
    public record Hit(long rowId, double score) {}

    /** One row as the engine hands it over. */
    public record Row(long rowId, AgentKey owner, Instant createdAt, Set<String> tags, float[] vector) {}

    /** The filters of one search. */
    public record Filter(AgentKey owner, Set<String> tags, Instant from, Instant to) {

        public Filter {
            tags = tags == null ? Set.of() : Set.copyOf(tags);
        }
    }

    /**
     * Graph and search settings.
     *
     * @param maxDegree the graph's most neighbours per node (HNSW's M)
     * @param beamWidth the candidates kept while inserting a node (HNSW's efConstruction)
     * @param searchBeam the candidates kept while searching (HNSW's ef): recall against latency
     * @param exactLimit up to this many candidates, search compares the query with each (a scan of
     *     20,000 384-d vectors takes a few milliseconds and is exact)
     * @param pendingLimit rows added since the last build are scanned exactly up to this many; past
     *     it, the next search adds them to the graph first
     */
    public record Settings(int maxDegree, int beamWidth, int searchBeam, int exactLimit, int pendingLimit) {
        public static final Settings DEFAULTS = new Settings(32, 100, 120, 20_000, 4096);

        public Settings withSearchBeam(int beam) {
            return new Settings(maxDegree, beamWidth, beam, exactLimit, pendingLimit);
        }
    }

    private static final int MAGIC = 0x6d6e7631; // "mnv1"
    private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();
    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;
    /**
     * How far past {@code maxDegree} a node's neighbour list may grow while the graph is built before
     * it is pruned back (JVector's neighborOverflow). At 2.0 rather than JVector's usual 1.2, a list
     * is pruned about once per {@code maxDegree} new neighbours instead of at almost every one, and
     * the pruning chooses among more candidates: on 50,000 embedding-shaped vectors, degree 32 and
     * build beam 64 built in 31 CPU s with recall@10 1.000 at search beam 80, where build beam 100
     * at 1.2 took 46 CPU s. At 1,000,000 vectors build beam 64 fell to 0.891 at search beam 120, and
     * build beam 100 (the default) reached 0.988 in 1,308 CPU s.
     */
    private static final float NEIGHBOR_OVERFLOW = 2.0f;

    private final int dimension;
    private final Settings settings;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<AgentKey, Integer> ownerIds = new HashMap<>();
    private final Map<String, Integer> tagIds = new HashMap<>();
    private final Map<Long, Integer> ordinals = new HashMap<>();
    private final Map<Integer, Integer> liveByOwner = new HashMap<>();
    private final Values values;
    private long[] rowIds = new long[1024];
    private int[] owners = new int[1024];
    private long[] createdAt = new long[1024];
    private int[][] tags = new int[1024][];
    private boolean[] live = new boolean[1024];
    private boolean[] inGraph = new boolean[1024];
    private int size;
    private int pending;
    private int liveCount;
    private GraphIndexBuilder builder;
    private final ThreadLocal<Searcher> searchers = new ThreadLocal<>();

    /** A searcher made for the graph as it was at {@code nodes} nodes. */
    private record Searcher(GraphSearcher searcher, int nodes) {}

    public VectorIndex(int dimension, Settings settings) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        this.dimension = dimension;
        this.settings = settings;
        this.values = new Values(dimension);
        this.builder = newBuilder();
    }

    public int dimension() {
        return dimension;
    }

    /** How many live rows the index holds. */
    public int size() {
        lock.readLock().lock();
        try {
            return liveCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many live rows wait to be added to the graph (they are searched exactly meanwhile). */
    public int pending() {
        lock.readLock().lock();
        try {
            return pending;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Adds a row; a row id already present is ignored. */
    public void add(Row row) {
        if (row.vector().length != dimension) {
            throw new EmbeddingSpaceMismatchException("vector of " + row.vector().length + " dimensions in an index of " + dimension);
        }
        lock.writeLock().lock();
        try {
            if (ordinals.containsKey(row.rowId())) {
                return;
            }
            int ordinal = place(row.rowId(), row.owner(), row.createdAt(), row.tags());
            values.set(ordinal, unit(row.vector()));
            pending++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes a row; unknown ids are ignored. */
    public void remove(long rowId) {
        lock.writeLock().lock();
        try {
            Integer ordinal = ordinals.remove(rowId);
            if (ordinal != null && live[ordinal]) {
                kill(ordinal);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes every row of an owner (a deleted agent). */
    public void removeOwner(AgentKey owner) {
        lock.writeLock().lock();
        try {
            Integer id = ownerIds.get(owner);
            if (id == null) {
                return;
            }
            for (int ordinal = 0; ordinal < size; ordinal++) {
                if (live[ordinal] && owners[ordinal] == id) {
                    ordinals.remove(rowIds[ordinal]);
                    kill(ordinal);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds every row not yet in the graph to it, using all cores; searches wait meanwhile. */
    public void build() {
        lock.writeLock().lock();
        try {
            int[] todo = IntStream.range(0, size).filter(o -> live[o] && !inGraph[o]).toArray();
            IntStream.of(todo).parallel().forEach(o -> builder.addGraphNode(o, values.getVector(o)));
            for (int o : todo) {
                inGraph[o] = true;
            }
            pending = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Produces the {@code k} rows closest to {@code query} that pass {@code filter}, best first:
     * approximate for large candidate sets, exact for small ones.
     */
    public List<Hit> search(float[] query, int k, Filter filter) {
        return search(query, k, filter, false, settings.searchBeam());
    }

    /** Like {@link #search}, walking the graph with {@code beam} candidates instead of the settings' beam. */
    public List<Hit> search(float[] query, int k, Filter filter, int beam) {
        return search(query, k, filter, false, beam);
    }

    /** Like {@link #search}, always by comparing the query with every candidate (the reference for recall). */
    public List<Hit> exactSearch(float[] query, int k, Filter filter) {
        return search(query, k, filter, true, settings.searchBeam());
    }

    private List<Hit> search(float[] query, int k, Filter filter, boolean exact, int beam) {
        if (query.length != dimension) {
            throw new EmbeddingSpaceMismatchException("query of " + query.length + " dimensions in an index of " + dimension);
        }
        if (!exact && pending > settings.pendingLimit()) {
            build();
        }
        VectorFloat<?> q = unit(query);
        lock.readLock().lock();
        try {
            Integer owner = filter.owner() == null ? null : ownerIds.get(filter.owner());
            if (filter.owner() != null && owner == null) {
                return List.of();
            }
            int[] tagSet = filter.tags().stream().map(tagIds::get).filter(t -> t != null).mapToInt(Integer::intValue).toArray();
            if (!filter.tags().isEmpty() && tagSet.length == 0) {
                return List.of();
            }
            long from = filter.from() == null ? Long.MIN_VALUE : micros(filter.from());
            long to = filter.to() == null ? Long.MAX_VALUE : micros(filter.to());
            Bits accept = o -> live[o] && (owner == null || owners[o] == owner) && createdAt[o] >= from && createdAt[o] < to
                    && (tagSet.length == 0 || hasAny(tags[o], tagSet));
            boolean onlyOwner = tagSet.length == 0 && filter.from() == null && filter.to() == null;
            int candidates = onlyOwner ? (owner == null ? liveCount : liveByOwner.getOrDefault(owner, 0)) : count(accept, settings.exactLimit() + 1);
            if (exact || candidates <= settings.exactLimit()) {
                return exact(q, k, o -> accept.get(o));
            }
            List<Hit> hits = new ArrayList<>(graph(q, k, beam, accept, candidates));
            if (pending > 0) {
                hits.addAll(exact(q, k, o -> !inGraph[o] && accept.get(o)));
                hits.sort(Comparator.comparingDouble(Hit::score).reversed());
            }
            return hits.size() > k ? List.copyOf(hits.subList(0, k)) : hits;
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Hit> graph(VectorFloat<?> q, int k, int searchBeam, Bits accept, int candidates) {
        var graph = builder.getGraph();
        Searcher cached = searchers.get();
        if (cached == null || cached.nodes() != graph.getIdUpperBound()) {
            cached = new Searcher(new GraphSearcher(graph), graph.getIdUpperBound());
            searchers.set(cached);
        }
        GraphSearcher searcher = cached.searcher();
        // A selective filter leaves fewer accepted nodes on the path: widen the beam in proportion.
        double selectivity = Math.max(0.01, candidates / (double) Math.max(1, liveCount));
        int beam = (int) Math.min(Math.max(k, searchBeam) / Math.sqrt(selectivity), 4000);
        var provider = DefaultSearchScoreProvider.exact(q, SIMILARITY, values);
        SearchResult result = searcher.search(provider, k, Math.max(beam, k), 0f, 0f, o -> inGraph[o] && accept.get(o));
        List<Hit> hits = new ArrayList<>(result.getNodes().length);
        for (SearchResult.NodeScore node : result.getNodes()) {
            hits.add(new Hit(rowIds[node.node], VectorUtil.dotProduct(q, values.getVector(node.node))));
        }
        return hits;
    }

    private List<Hit> exact(VectorFloat<?> q, int k, java.util.function.IntPredicate accept) {
        PriorityQueue<Hit> best = new PriorityQueue<>(Comparator.comparingDouble(Hit::score));
        for (int o = 0; o < size; o++) {
            if (!accept.test(o)) {
                continue;
            }
            double score = VectorUtil.dotProduct(q, values.getVector(o));
            if (best.size() < k) {
                best.add(new Hit(rowIds[o], score));
            } else if (score > best.peek().score()) {
                best.poll();
                best.add(new Hit(rowIds[o], score));
            }
        }
        List<Hit> hits = new ArrayList<>(best);
        hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingLong(Hit::rowId));
        return hits;
    }

    private int count(Bits accept, int enough) {
        int count = 0;
        for (int o = 0; o < size && count < enough; o++) {
            if (accept.get(o)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Writes the graph to {@code file} (through a temporary file, so a crash leaves the old one or
     * the new one), after adding pending rows to it and taking removed rows out of it. Every
     * neighbour list is written whole, up to the overflow the build allows, so the graph read back
     * is the graph searched before the save.
     */
    public void save(Path file) throws IOException {
        build();
        lock.writeLock().lock();
        try {
            // Not builder.cleanup(): it prunes every list that overflowed the degree while building
            // back to maxDegree, so the graph read back would be sparser than the graph searched so far
            // (recall@10 0.891 built, 0.836 read back, at 1,000,000 passages). Only removed rows go.
            builder.removeDeletedNodes();
            ((OnHeapGraphIndex) builder.getGraph()).setAllMutationsCompleted();
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(dimension);
                out.writeInt(size);
                for (int o = 0; o < size; o++) {
                    out.writeLong(live[o] ? rowIds[o] : -1);
                }
                ((OnHeapGraphIndex) builder.getGraph()).save(out);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Produces an index of {@code rows} (in any order), reusing the graph saved in {@code file}
     * when it holds only rows that still exist; rows written after the save are added. Produces a
     * fresh index, to be built on first search, when the file is missing, damaged, of another
     * dimension, or names rows that are gone.
     */
    public static VectorIndex restore(Path file, int dimension, Settings settings, Iterator<Row> rows) {
        Map<Long, Row> byId = new HashMap<>();
        rows.forEachRemaining(row -> byId.put(row.rowId(), row));
        if (Files.isRegularFile(file)) {
            try {
                VectorIndex loaded = load(file, dimension, settings, byId);
                if (loaded != null) {
                    return loaded;
                }
            } catch (IOException | RuntimeException stale) {
                // A damaged or foreign file: rebuilding from the rows is always correct.
            }
        }
        VectorIndex index = new VectorIndex(dimension, settings);
        byId.values().stream().sorted(Comparator.comparingLong(Row::rowId)).forEach(index::add);
        return index;
    }

    private static VectorIndex load(Path file, int dimension, Settings settings, Map<Long, Row> rows) throws IOException {
        // Memory-mapped: the graph is read an int at a time.
        try (ReaderSupplier supplier = ReaderSupplierFactory.open(file); RandomAccessReader reader = supplier.get()) {
            if (reader.readInt() != MAGIC || reader.readInt() != dimension) {
                return null;
            }
            int saved = reader.readInt();
            long[] savedIds = new long[saved];
            for (int o = 0; o < saved; o++) {
                savedIds[o] = reader.readLong();
                if (savedIds[o] >= 0 && !rows.containsKey(savedIds[o])) {
                    return null;
                }
            }
            VectorIndex index = new VectorIndex(dimension, settings);
            for (int o = 0; o < saved; o++) {
                Row row = savedIds[o] >= 0 ? rows.remove(savedIds[o]) : null;
                if (row == null) {
                    index.placeHole();
                } else {
                    index.place(row.rowId(), row.owner(), row.createdAt(), row.tags());
                    index.values.set(o, unit(row.vector()));
                    index.inGraph[o] = true;
                }
            }
            index.builder.load(reader);
            rows.values().stream().sorted(Comparator.comparingLong(Row::rowId)).forEach(index::add);
            return index;
        }
    }

    private int place(long rowId, AgentKey owner, Instant at, Set<String> rowTags) {
        ensureCapacity();
        int ordinal = size++;
        int ownerId = ownerIds.computeIfAbsent(owner, o -> ownerIds.size());
        rowIds[ordinal] = rowId;
        owners[ordinal] = ownerId;
        createdAt[ordinal] = micros(at);
        tags[ordinal] = rowTags.stream().mapToInt(t -> tagIds.computeIfAbsent(t, x -> tagIds.size())).sorted().toArray();
        live[ordinal] = true;
        ordinals.put(rowId, ordinal);
        liveByOwner.merge(ownerId, 1, Integer::sum);
        liveCount++;
        return ordinal;
    }

    /** Takes an ordinal whose row was removed before the save: it stays out of every search. */
    private void placeHole() {
        ensureCapacity();
        int ordinal = size++;
        rowIds[ordinal] = -1;
        owners[ordinal] = -1;
        tags[ordinal] = new int[0];
        values.set(ordinal, VECTORS.createFloatVector(dimension));
    }

    private void ensureCapacity() {
        if (size == rowIds.length) {
            int capacity = size * 2;
            rowIds = Arrays.copyOf(rowIds, capacity);
            owners = Arrays.copyOf(owners, capacity);
            createdAt = Arrays.copyOf(createdAt, capacity);
            tags = Arrays.copyOf(tags, capacity);
            live = Arrays.copyOf(live, capacity);
            inGraph = Arrays.copyOf(inGraph, capacity);
        }
    }

    private void kill(int ordinal) {
        live[ordinal] = false;
        liveByOwner.merge(owners[ordinal], -1, Integer::sum);
        liveCount--;
        if (inGraph[ordinal]) {
            builder.markNodeDeleted(ordinal);
        } else {
            pending--;
        }
    }

    private GraphIndexBuilder newBuilder() {
        BuildScoreProvider scores = BuildScoreProvider.randomAccessScoreProvider(values, SIMILARITY);
        return new GraphIndexBuilder(scores, dimension, settings.maxDegree(), settings.beamWidth(), NEIGHBOR_OVERFLOW, 1.2f, true);
    }

    private static boolean hasAny(int[] sorted, int[] wanted) {
        for (int tag : wanted) {
            if (Arrays.binarySearch(sorted, tag) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Microseconds since the epoch, saturating (a filter bound may be {@link Instant#MAX}). */
    private static long micros(Instant at) {
        try {
            return ChronoUnit.MICROS.between(Instant.EPOCH, at);
        } catch (ArithmeticException beyond) {
            return at.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A unit-length copy (a zero vector stays zero), so that dot product is cosine. */
    private static VectorFloat<?> unit(float[] vector) {
        VectorFloat<?> copy = VECTORS.createFloatVector(vector.clone());
        double norm = Math.sqrt(VectorUtil.dotProduct(copy, copy));
        if (norm > 0) {
            VectorUtil.scale(copy, (float) (1 / norm));
        }
        return copy;
    }

    /** The vectors by ordinal, as JVector reads them. */
    private static final class Values implements RandomAccessVectorValues {
        private final int dimension;
        private volatile VectorFloat<?>[] vectors = new VectorFloat<?>[1024];
        private int size;

        Values(int dimension) {
            this.dimension = dimension;
        }

        void set(int ordinal, VectorFloat<?> vector) {
            if (ordinal >= vectors.length) {
                vectors = Arrays.copyOf(vectors, Math.max(ordinal + 1, vectors.length * 2));
            }
            vectors[ordinal] = vector;
            size = Math.max(size, ordinal + 1);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public VectorFloat<?> getVector(int ordinal) {
            return vectors[ordinal];
        }

        @Override
        public boolean isValueShared() {
            return false;
        }

        @Override
        public RandomAccessVectorValues copy() {
            return this;
        }
    }
}
