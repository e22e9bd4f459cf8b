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
 * engine with messages of random words and passages of random unit vectors, then prints insert
 * throughput, recall (full-text) search latency, archival (vector) search latency, and recall@10
 * of the engine's vector search against exact search.
 *
 * <pre>
 * MemoryBench [--engine sqlite|postgres] [--messages N] [--passages N] [--dim D] [--queries Q] [--dir DIR]
 *             [--data random|clustered] [--beam EF] [--reuse true]
 *             [--pg-host H] [--pg-port P] [--pg-database D] [--pg-user U] [--pg-password W]
 * </pre>
 *
 * <p>{@code random} vectors are uniform on the sphere: the worst case for any graph index, since a
 * point's nearest neighbour is barely nearer than any other point. {@code clustered} vectors lie
 * around 1,000 centres, as embeddings of real text do. {@code --reuse true} keeps a database filled by an
 * earlier run of the same sizes and data (and its saved vector index), to time the searches again.
 */
public final class MemoryBench {

    private static final Duration AWAIT = Duration.ofHours(2);
    private static final AgentKey AGENT = new AgentKey("bench", "agent-1");
    private static final int BATCH = 1000;
    private static final int VOCABULARY = 5000;
    private static final int RECALL_QUERIES = 100;
    private static final int CENTRES = 1000;
    private static boolean clustered;

    private MemoryBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String engine = options.getOrDefault("engine", "sqlite");
        int messages = Integer.parseInt(options.getOrDefault("messages", "1000000"));
        int passages = Integer.parseInt(options.getOrDefault("passages", "1000000"));
        int dimension = Integer.parseInt(options.getOrDefault("dim", "384"));
        int queries = Integer.parseInt(options.getOrDefault("queries", "1000"));
        clustered = options.getOrDefault("data", "random").equals("clustered");
        System.out.printf("engine=%s messages=%d passages=%d dim=%d queries=%d data=%s cores=%d heap=%dMiB%n", engine, messages, passages,
                dimension, queries, clustered ? "clustered" : "random", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        boolean reuse = Boolean.parseBoolean(options.getOrDefault("reuse", "false"));
        try (MemoryStore store = open(engine, options, reuse)) {
            EmbeddingSpace space = new EmbeddingSpace("bench-" + (clustered ? "clustered-" : "random-") + dimension, dimension);
            boolean filled = reuse && store.agents().get(AGENT).await().atMost(AWAIT).isPresent()
                    && store.recall().count(AGENT).await().atMost(AWAIT) == messages
                    && store.archival().count(AGENT).await().atMost(AWAIT) == passages
                    && store.archival().space().await().atMost(AWAIT).equals(java.util.Optional.of(space));
            if (filled) {
                System.out.println("reusing the filled database");
            } else {
                if (store.agents().get(AGENT).await().atMost(AWAIT).isPresent()) {
                    store.agents().delete(AGENT).await().atMost(AWAIT);
                }
                store.agents().create(new AgentRecord(AGENT, null, null, null, null, 1, Instant.now(), null)).await().atMost(AWAIT);
                fillMessages(store, messages);
                fillPassages(store, space, passages, dimension);
            }
            if (store instanceof SqliteMemoryStore sqlite) {
                long start = System.nanoTime();
                VectorIndex index = sqlite.vectorIndex().await().atMost(AWAIT);
                double loaded = seconds(start);
                index.build();
                System.out.printf("vector index: loaded %d rows in %.1f s, graph built in %.1f s%n", index.size(), loaded, seconds(start) - loaded);
            }
            searchRecall(store, queries);
            searchArchival(store, space, passages, dimension, queries);
        }
    }

    private static MemoryStore open(String engine, Map<String, String> options, boolean reuse) throws Exception {
        return switch (engine) {
            case "sqlite" -> {
                Path dir = options.containsKey("dir") ? Path.of(options.get("dir")) : Files.createTempDirectory("mnemos-bench");
                Path file = dir.resolve("bench.db");
                for (String suffix : reuse ? List.<String>of() : List.of("", "-wal", "-shm", ".vectors")) {
                    Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
                }
                System.out.println("database: " + file);
                int beam = Integer.parseInt(options.getOrDefault("beam", String.valueOf(VectorIndex.Settings.DEFAULTS.searchBeam())));
                yield SqliteMemoryStore.open(file, java.time.Clock.systemUTC(), VectorIndex.Settings.DEFAULTS.withSearchBeam(beam));
            }
            case "postgres" -> PostgresMemoryStore.open(new PostgresSettings(options.getOrDefault("pg-host", "127.0.0.1"),
                    Integer.parseInt(options.getOrDefault("pg-port", "5432")), options.getOrDefault("pg-database", "mnemos"),
                    options.getOrDefault("pg-user", "mnemos"), options.getOrDefault("pg-password", "mnemos"), "mnemos_bench", 8));
            default -> throw new IllegalArgumentException("--engine must be sqlite or postgres, got " + engine);
        };
    }

    /** Messages of 8..30 words drawn uniformly from a vocabulary of pseudo-words w0..w4999. */
    private static void fillMessages(MemoryStore store, int count) {
        SplittableRandom random = new SplittableRandom(1);
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        long start = System.nanoTime();
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
        System.out.printf("insert messages: %d in %.1f s = %.0f messages/s (batches of %d)%n", count, s, count / s, BATCH);
    }

    private static void fillPassages(MemoryStore store, EmbeddingSpace space, int count, int dimension) {
        long start = System.nanoTime();
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        for (int from = 0; from < count; from += BATCH) {
            List<Passage> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(count, from + BATCH); i++) {
                batch.add(new Passage("p" + i, "passage " + i, vector(i, dimension), Set.of(i % 10 == 0 ? "tenth" : "rest"), Map.of(),
                        t0.plusSeconds(i)));
            }
            store.archival().insert(AGENT, space, batch).await().atMost(AWAIT);
            progress("passages", from + batch.size(), count, start);
        }
        double s = seconds(start);
        System.out.printf("insert passages: %d in %.1f s = %.0f passages/s (batches of %d)%n", count, s, count / s, BATCH);
    }

    private static void searchRecall(MemoryStore store, int queries) {
        SplittableRandom random = new SplittableRandom(2);
        IntFunction<RecallQuery> query = q -> RecallQuery.text(q % 2 == 0 ? word(random.nextInt(VOCABULARY))
                : word(random.nextInt(VOCABULARY)) + " " + word(random.nextInt(VOCABULARY)), 10);
        for (int q = 0; q < 50; q++) {
            store.recall().search(AGENT, query.apply(q)).await().atMost(AWAIT);
        }
        long[] nanos = new long[queries];
        long hits = 0;
        for (int q = 0; q < queries; q++) {
            RecallQuery next = query.apply(q);
            long start = System.nanoTime();
            hits += store.recall().search(AGENT, next).await().atMost(AWAIT).total();
            nanos[q] = System.nanoTime() - start;
        }
        System.out.printf("recall search (1-2 words, top 10 by rank, with total): p50 %.2f ms, p99 %.2f ms, mean matches %.0f%n",
                percentile(nanos, 50), percentile(nanos, 99), hits / (double) queries);
    }

    private static void searchArchival(MemoryStore store, EmbeddingSpace space, int passages, int dimension, int queries) {
        List<float[]> probes = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            probes.add(vector(-1 - q, dimension));
        }
        for (int q = 0; q < 50; q++) {
            store.archival().search(AGENT, space, probes.get(q), ArchivalQuery.top(10)).await().atMost(AWAIT);
        }
        long[] nanos = new long[queries];
        List<List<ScoredPassage>> results = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            long start = System.nanoTime();
            results.add(store.archival().search(AGENT, space, probes.get(q), ArchivalQuery.top(10)).await().atMost(AWAIT));
            nanos[q] = System.nanoTime() - start;
        }
        System.out.printf("archival search (top 10 of %d): p50 %.2f ms, p99 %.2f ms%n", passages, percentile(nanos, 50), percentile(nanos, 99));
        long[] filtered = new long[Math.min(queries, 200)];
        for (int q = 0; q < filtered.length; q++) {
            long start = System.nanoTime();
            store.archival().search(AGENT, space, probes.get(q), new ArchivalQuery(10, 0, Set.of("tenth"), null, null)).await().atMost(AWAIT);
            filtered[q] = System.nanoTime() - start;
        }
        System.out.printf("archival search with a tag filter (10%% of passages): p50 %.2f ms, p99 %.2f ms%n", percentile(filtered, 50),
                percentile(filtered, 99));
        int n = Math.min(RECALL_QUERIES, queries);
        List<Set<String>> exact = exactTop10(probes.subList(0, n), passages, dimension);
        int found = 0;
        for (int q = 0; q < n; q++) {
            for (ScoredPassage hit : results.get(q)) {
                found += exact.get(q).contains(hit.passage().id()) ? 1 : 0;
            }
        }
        System.out.printf("archival recall@10 against exact search: %.3f (%d queries)%n", found / (10.0 * n), n);
    }

    /** The exact top 10 of each probe, in one pass that regenerates every stored vector. */
    private static List<Set<String>> exactTop10(List<float[]> probes, int passages, int dimension) {
        List<PriorityQueue<double[]>> best = new ArrayList<>();
        for (int q = 0; q < probes.size(); q++) {
            best.add(new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0])));
        }
        for (int i = 0; i < passages; i++) {
            float[] v = vector(i, dimension);
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

    /** The unit vector of passage {@code i} (negative: query), the same on every run. */
    private static float[] vector(long i, int dimension) {
        SplittableRandom random = new SplittableRandom(i);
        float[] v = new float[dimension];
        if (clustered) {
            SplittableRandom centre = new SplittableRandom(-1_000_000_000L - random.nextInt(CENTRES));
            for (int d = 0; d < dimension; d++) {
                v[d] = (float) (gaussian(centre) + 0.7 * gaussian(random));
            }
        } else {
            for (int d = 0; d < dimension; d++) {
                v[d] = (float) gaussian(random);
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < dimension; d++) {
            v[d] *= scale;
        }
        return v;
    }

    /** A standard normal sample (Box-Muller). */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static String word(int n) {
        return "w" + n;
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

    private static Map<String, String> options(String[] args) {
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
