package dev.mnemos.memory.bench;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.archival.VectorIndex;
import dev.mnemos.memory.postgres.PostgresMemoryStore;
import dev.mnemos.memory.postgres.PostgresSettings;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The memory-tiers benchmark (not part of the tests; run by {@code scripts/bench-memory}): fills one
 * engine with messages of random words and passages of synthetic unit vectors, then prints insert
 * throughput, recall (full-text) search latency, archival (vector) search latency, and recall@10
 * of the engine's vector search against exact search; for the embedded engine also latency and
 * recall@10 of the index alone at several search beams.
 *
 * <pre>
 * MemoryBench [--engine sqlite|postgres] [--messages N] [--passages N] [--dim D] [--queries Q] [--dir DIR]
 *             [--data embedding|random] [--degree M] [--build-beam EF] [--beam EF] [--sweep EF,EF,..] [--reuse true]
 *             [--search false] [--lock FILE] [--pg-host H] [--pg-port P] [--pg-database D] [--pg-user U] [--pg-password W]
 * </pre>
 *
 * <p>The vectors are described by {@link SyntheticEmbeddings}: {@code embedding} (the default) is
 * shaped like sentence embeddings, with one topic per 500 passages; {@code random} is uniform on
 * the sphere, the worst case for any graph index. {@code --reuse true} keeps a database filled by an
 * earlier run of the same sizes and data (and its saved vector index), to time the searches again,
 * and fills only the passages where the earlier run filled the same messages and no passages;
 * {@code --search false} only fills (and builds the index), so that a later {@code --reuse true} run
 * times the searches. With {@code --lock FILE} every timed search phase runs under an exclusive
 * {@code flock} on FILE, taken after the fills, the index build and the warm-up searches.
 */
public final class MemoryBench {

    private static final Duration AWAIT = Duration.ofHours(2);
    private static final AgentKey AGENT = new AgentKey("bench", "agent-1");
    private static final int BATCH = 1000;
    private static final int VOCABULARY = 5000;
    private static final int RECALL_QUERIES = 100;
    private static final int PASSAGES_PER_TOPIC = 500;
    private static SyntheticEmbeddings vectors;

    private MemoryBench() {}

    public static void main(String[] args) throws Exception {
        run(args);
        // JVector's build pool keeps non-daemon threads, which would hold the JVM open after the store closed.
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String engine = options.getOrDefault("engine", "sqlite");
        int messages = Integer.parseInt(options.getOrDefault("messages", "1000000"));
        int passages = Integer.parseInt(options.getOrDefault("passages", "1000000"));
        int dimension = Integer.parseInt(options.getOrDefault("dim", "384"));
        int queries = Integer.parseInt(options.getOrDefault("queries", "1000"));
        String data = options.getOrDefault("data", "embedding");
        vectors = SyntheticEmbeddings.of(data, dimension, Math.max(1, passages / PASSAGES_PER_TOPIC));
        VectorIndex.Settings settings = settings(options);
        System.out.printf("engine=%s messages=%d passages=%d dim=%d queries=%d data=%s index=%s cores=%d heap=%dMiB load=%s%n", engine,
                messages, passages, dimension, queries, data, settings, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, load());
        boolean reuse = Boolean.parseBoolean(options.getOrDefault("reuse", "false"));
        boolean search = Boolean.parseBoolean(options.getOrDefault("search", "true"));
        String lock = options.get("lock");
        try (MemoryStore store = open(engine, options, reuse, settings)) {
            EmbeddingSpace space = new EmbeddingSpace("bench-" + data + "-" + dimension, dimension);
            boolean agentThere = reuse && store.agents().get(AGENT).await().atMost(AWAIT).isPresent();
            boolean messagesFilled = agentThere && store.recall().count(AGENT).await().atMost(AWAIT) == messages;
            long storedPassages = agentThere ? store.archival().count(AGENT).await().atMost(AWAIT) : 0;
            boolean filled = messagesFilled && storedPassages == passages
                    && (passages == 0 || store.archival().space().await().atMost(AWAIT).equals(java.util.Optional.of(space)));
            if (messagesFilled && (filled || storedPassages == 0)) {
                System.out.printf("reusing the %d messages of the database%s%n", messages, filled ? " and its " + passages + " passages" : "");
            } else {
                if (store.agents().get(AGENT).await().atMost(AWAIT).isPresent()) {
                    store.agents().delete(AGENT).await().atMost(AWAIT);
                }
                store.agents().create(new AgentRecord(AGENT, null, null, null, null, 1, Instant.now(), null)).await().atMost(AWAIT);
                fillMessages(store, messages);
                analyze(store);
            }
            // Before the passages, so that a run cut short still has its full-text figures.
            if (messages > 0 && search) {
                searchRecall(store, queries, lock);
            }
            if (!filled && passages > 0) {
                fillPassages(store, space, passages, dimension);
                analyze(store);
            }
            if (passages == 0) {
                return;
            }
            VectorIndex index = null;
            if (store instanceof SqliteMemoryStore sqlite) {
                long start = System.nanoTime();
                index = sqlite.vectorIndex().await().atMost(AWAIT);
                double loaded = seconds(start);
                long cpu = cpuNanos();
                index.build();
                System.out.printf("vector index: loaded %d rows in %.1f s, graph built in %.1f s, %.1f CPU s (load %s)%n", index.size(), loaded,
                        seconds(start) - loaded, (cpuNanos() - cpu) / 1e9, load());
            }
            if (!search) {
                System.out.println("filled; --reuse true times the searches. load: " + load());
                return;
            }
            List<float[]> probes = new ArrayList<>();
            for (int q = 0; q < queries; q++) {
                probes.add(vectors.vector(-1 - q));
            }
            List<Set<String>> exact = exactTop10(index, probes.subList(0, Math.min(RECALL_QUERIES, queries)), passages, dimension);
            searchArchival(store, space, passages, probes, exact, lock, index, options.getOrDefault("sweep", "20,40,80,120,200"));
            System.out.println("load at the end: " + load());
        }
    }

    /** PostgreSQL's statistics after a fill (this machine's server runs without autovacuum). */
    private static void analyze(MemoryStore store) {
        if (store instanceof PostgresMemoryStore postgres) {
            long start = System.nanoTime();
            postgres.analyze().await().atMost(AWAIT);
            System.out.printf("ANALYZE in %.1f s%n", seconds(start));
        }
    }

    private static VectorIndex.Settings settings(Map<String, String> options) {
        VectorIndex.Settings defaults = VectorIndex.Settings.DEFAULTS;
        return new VectorIndex.Settings(Integer.parseInt(options.getOrDefault("degree", String.valueOf(defaults.maxDegree()))),
                Integer.parseInt(options.getOrDefault("build-beam", String.valueOf(defaults.beamWidth()))),
                Integer.parseInt(options.getOrDefault("beam", String.valueOf(defaults.searchBeam()))), defaults.exactLimit(),
                defaults.pendingLimit());
    }

    /** The load average of the last minute, five and fifteen (the machine is shared), or "?" where unknown. */
    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException unknown) {
            return "?";
        }
    }

    private static MemoryStore open(String engine, Map<String, String> options, boolean reuse, VectorIndex.Settings settings) throws Exception {
        return switch (engine) {
            case "sqlite" -> {
                Path dir = options.containsKey("dir") ? Path.of(options.get("dir")) : Files.createTempDirectory("mnemos-bench");
                Path file = dir.resolve("bench.db");
                for (String suffix : reuse ? List.<String>of() : List.of("", "-wal", "-shm", ".vectors")) {
                    Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
                }
                System.out.println("database: " + file);
                yield SqliteMemoryStore.open(file, java.time.Clock.systemUTC(), settings);
            }
            case "postgres" -> PostgresMemoryStore.open(new PostgresSettings(options.getOrDefault("pg-host", "127.0.0.1"),
                    Integer.parseInt(options.getOrDefault("pg-port", "5432")), options.getOrDefault("pg-database", "mnemos"),
                    options.getOrDefault("pg-user", "mnemos"), options.getOrDefault("pg-password", "mnemos"), "mnemos_bench", 8), settings);
            default -> throw new IllegalArgumentException("--engine must be sqlite or postgres, got " + engine);
        };
    }

    /** Messages of 8..30 words drawn uniformly from a vocabulary of pseudo-words w0..w4999. */
    private static void fillMessages(MemoryStore store, int count) {
        SplittableRandom random = new SplittableRandom(1);
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        for (int from = 0; from < count; from += BATCH) {
            List<Message> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(count, from + BATCH); i++) {
                StringBuilder text = new StringBuilder();
                for (int w = 8 + random.nextInt(23); w > 0; w--) {
                    text.append(word(random.nextInt(VOCABULARY))).append(' ');
                }
                batch.add(Message.of("m" + i, i % 2 == 0 ? Role.USER : Role.ASSISTANT, text.toString(), t0.plusSeconds(i), "s" + i));
            }
            store.recall().append(AGENT, batch).await().atMost(AWAIT);
            progress("messages", from + batch.size(), count, start);
        }
        double s = seconds(start);
        double cpu = (cpuNanos() - cpuStart) / 1e9;
        System.out.printf("insert messages: %d in %.1f s = %.0f messages/s (batches of %d); %.1f CPU s = %.0f messages per CPU second; load %s%n",
                count, s, count / s, BATCH, cpu, count / cpu, load());
    }

    private static void fillPassages(MemoryStore store, EmbeddingSpace space, int count, int dimension) {
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        for (int from = 0; from < count; from += BATCH) {
            List<Passage> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(count, from + BATCH); i++) {
                batch.add(new Passage("p" + i, "passage " + i, vectors.vector(i), Set.of(i % 10 == 0 ? "tenth" : "rest"), Map.of(),
                        t0.plusSeconds(i)));
            }
            store.archival().insert(AGENT, space, batch).await().atMost(AWAIT);
            progress("passages", from + batch.size(), count, start);
        }
        double s = seconds(start);
        double cpu = (cpuNanos() - cpuStart) / 1e9;
        System.out.printf("insert passages: %d in %.1f s = %.0f passages/s (batches of %d); %.1f CPU s = %.0f passages per CPU second; load %s%n",
                count, s, count / s, BATCH, cpu, count / cpu, load());
    }

    private static void searchRecall(MemoryStore store, int queries, String lockFile) throws java.io.IOException {
        SplittableRandom random = new SplittableRandom(2);
        IntFunction<RecallQuery> query = q -> RecallQuery.text(q % 2 == 0 ? word(random.nextInt(VOCABULARY))
                : word(random.nextInt(VOCABULARY)) + " " + word(random.nextInt(VOCABULARY)), 10);
        for (int q = 0; q < 50; q++) {
            store.recall().search(AGENT, query.apply(q)).await().atMost(AWAIT);
        }
        try (TimingLock lock = TimingLock.take(lockFile)) {
            timeRecall(store, queries, query);
        }
    }

    private static void timeRecall(MemoryStore store, int queries, IntFunction<RecallQuery> query) {
        long[] nanos = new long[queries];
        long hits = 0;
        long cpu = cpuNanos();
        for (int q = 0; q < queries; q++) {
            RecallQuery next = query.apply(q);
            long start = System.nanoTime();
            hits += store.recall().search(AGENT, next).await().atMost(AWAIT).total();
            nanos[q] = System.nanoTime() - start;
        }
        System.out.printf("recall search (1-2 words, top 10 by rank, with total): p50 %.2f ms, p99 %.2f ms, mean CPU %.2f ms a search,"
                + " mean matches %.0f, load %s%n", percentile(nanos, 50), percentile(nanos, 99), (cpuNanos() - cpu) / 1e6 / queries,
                hits / (double) queries, load());
    }

    /**
     * Times archival searches, and the index alone over {@code beams} where there is one; the warm-up
     * searches come first, outside the lock (on PostgreSQL the first one loads and builds the index).
     */
    private static void searchArchival(MemoryStore store, EmbeddingSpace space, int passages, List<float[]> probes, List<Set<String>> exact,
            String lockFile, VectorIndex index, String beams) throws java.io.IOException {
        long start = System.nanoTime();
        for (int q = 0; q < 50; q++) {
            store.archival().search(AGENT, space, probes.get(q), ArchivalQuery.top(10)).await().atMost(AWAIT);
        }
        System.out.printf("50 warm-up archival searches in %.1f s%n", seconds(start));
        try (TimingLock lock = TimingLock.take(lockFile)) {
            timeArchival(store, space, passages, probes, exact);
            if (index != null) {
                sweep(index, probes, exact, beams);
            }
        }
    }

    private static void timeArchival(MemoryStore store, EmbeddingSpace space, int passages, List<float[]> probes, List<Set<String>> exact) {
        int queries = probes.size();
        long[] nanos = new long[queries];
        long cpu = cpuNanos();
        List<List<ScoredPassage>> results = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            long start = System.nanoTime();
            results.add(store.archival().search(AGENT, space, probes.get(q), ArchivalQuery.top(10)).await().atMost(AWAIT));
            nanos[q] = System.nanoTime() - start;
        }
        System.out.printf("archival search (top 10 of %d): p50 %.2f ms, p99 %.2f ms, mean CPU %.2f ms a search, load %s%n", passages,
                percentile(nanos, 50), percentile(nanos, 99), (cpuNanos() - cpu) / 1e6 / queries, load());
        long[] filtered = new long[Math.min(queries, 200)];
        for (int q = 0; q < filtered.length; q++) {
            long start = System.nanoTime();
            store.archival().search(AGENT, space, probes.get(q), new ArchivalQuery(10, 0, Set.of("tenth"), null, null)).await().atMost(AWAIT);
            filtered[q] = System.nanoTime() - start;
        }
        System.out.printf("archival search with a tag filter (10%% of passages): p50 %.2f ms, p99 %.2f ms%n", percentile(filtered, 50),
                percentile(filtered, 99));
        int n = exact.size();
        int found = 0;
        for (int q = 0; q < n; q++) {
            for (ScoredPassage hit : results.get(q)) {
                found += exact.get(q).contains(hit.passage().id()) ? 1 : 0;
            }
        }
        System.out.printf("archival recall@10 against exact search: %.3f (%d queries)%n", found / (10.0 * n), n);
    }

    /** Latency and recall@10 of the index alone, without the engine's round trips, at each beam of {@code beams}. */
    private static void sweep(VectorIndex index, List<float[]> probes, List<Set<String>> exact, String beams) {
        VectorIndex.Filter filter = new VectorIndex.Filter(AGENT, Set.of(), null, null);
        for (String beamText : beams.split(",")) {
            int beam = Integer.parseInt(beamText.strip());
            long[] nanos = new long[probes.size()];
            int found = 0;
            for (int q = 0; q < probes.size(); q++) {
                long start = System.nanoTime();
                List<VectorIndex.Hit> hits = index.search(probes.get(q), 10, filter, beam);
                nanos[q] = System.nanoTime() - start;
                if (q < exact.size()) {
                    Set<String> truth = exact.get(q);
                    found += (int) hits.stream().filter(h -> truth.contains(PASSAGE_ROW.apply(h.rowId()))).count();
                }
            }
            System.out.printf("index alone, beam %d: p50 %.2f ms, p99 %.2f ms, recall@10 %.3f%n", beam, percentile(nanos, 50),
                    percentile(nanos, 99), found / (10.0 * exact.size()));
        }
    }

    /** Passages are inserted in order into an empty database: row id n holds passage p(n-1). */
    private static final java.util.function.LongFunction<String> PASSAGE_ROW = rowId -> "p" + (rowId - 1);

    /**
     * The exact top 10 of each probe: through the index's exact scan where there is one (every
     * vector, compared with SIMD), otherwise in one pass that regenerates every stored vector.
     */
    private static List<Set<String>> exactTop10(VectorIndex index, List<float[]> probes, int passages, int dimension) {
        long start = System.nanoTime();
        try {
            if (index != null) {
                VectorIndex.Filter filter = new VectorIndex.Filter(AGENT, Set.of(), null, null);
                return probes.parallelStream().map(p -> {
                    Set<String> ids = new HashSet<>();
                    index.exactSearch(p, 10, filter).forEach(h -> ids.add(PASSAGE_ROW.apply(h.rowId())));
                    return ids;
                }).toList();
            }
            return regeneratedTop10(probes, passages, dimension);
        } finally {
            System.out.printf("exact top 10 of %d queries in %.1f s%n", probes.size(), seconds(start));
        }
    }

    private static List<Set<String>> regeneratedTop10(List<float[]> probes, int passages, int dimension) {
        List<PriorityQueue<double[]>> best = new ArrayList<>();
        for (int q = 0; q < probes.size(); q++) {
            best.add(new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0])));
        }
        for (int i = 0; i < passages; i++) {
            float[] v = vectors.vector(i);
            for (int q = 0; q < probes.size(); q++) {
                float[] p = probes.get(q);
                double dot = 0;
                for (int d = 0; d < dimension; d++) {
                    dot += p[d] * v[d];
                }
                PriorityQueue<double[]> heap = best.get(q);
                if (heap.size() < 10) {
                    heap.add(new double[] {dot, i});
                } else if (dot > heap.peek()[0]) {
                    heap.poll();
                    heap.add(new double[] {dot, i});
                }
            }
        }
        List<Set<String>> top = new ArrayList<>();
        for (PriorityQueue<double[]> heap : best) {
            Set<String> ids = new HashSet<>();
            heap.forEach(e -> ids.add("p" + (int) e[1]));
            top.add(ids);
        }
        return top;
    }

    private static String word(int n) {
        return "w" + n;
    }

    /** CPU time of the whole process (the engines work on their own threads), for figures less hostage to the machine's load. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void progress(String what, int done, int total, long start) {
        if (done % 100_000 == 0 && done < total) {
            System.out.printf("  %s: %d of %d (%.0f s)%n", what, done, total, seconds(start));
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
