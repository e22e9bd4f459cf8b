package dev.mnemos.memory.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.VectorIndex;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that the benchmark's {@code embedding} vectors do not flatter the vector index: embeds a
 * few thousand real lines of text (the documentation and comments of the files under a folder,
 * by default the repository) with the in-process all-MiniLM-L6-v2, draws as many synthetic
 * vectors with as many vectors per topic as the benchmark's million, and prints for both the
 * recall@10 of the graph search at small beams (where the two can differ) and the local intrinsic
 * dimension of the data (maximum-likelihood estimate from the 10 nearest neighbours).
 *
 * <pre>
 * EmbeddingShapeCheck [--texts DIR] [--count 4000] [--per-topic 500]
 * </pre>
 */
public final class EmbeddingShapeCheck {

    private static final AgentKey OWNER = new AgentKey("bench", "shape");
    private static final VectorIndex.Filter ALL = new VectorIndex.Filter(OWNER, Set.of(), null, null);
    private static final Pattern MARKERS = Pattern.compile("^[\\s*/#>|`-]+");
    private static final Pattern PROSE = Pattern.compile("(\\p{L}{2,}[ ,.;:]+){5,}.*");
    private static final int QUERY_EVERY = 10;
    private static final int[] BEAMS = {10, 20, 40};

    private EmbeddingShapeCheck() {}

    public static void main(String[] args) throws IOException {
        var options = MemoryBench.options(args);
        Path texts = Path.of(options.getOrDefault("texts", "."));
        int count = Integer.parseInt(options.getOrDefault("count", "4000"));
        int perTopic = Integer.parseInt(options.getOrDefault("per-topic", "500"));
        List<String> lines = lines(texts, count);
        var model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        long start = System.nanoTime();
        List<float[]> real = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += 64) {
            model.embedAll(lines.subList(from, Math.min(lines.size(), from + 64)).stream().map(TextSegment::from).toList())
                    .content().forEach(e -> real.add(e.vector()));
        }
        System.out.printf("embedded %d distinct lines of prose under %s with all-MiniLM-L6-v2 in %.1f s%n", real.size(), texts,
                (System.nanoTime() - start) / 1e9);
        SyntheticEmbeddings synthetic = SyntheticEmbeddings.of("embedding", real.get(0).length, Math.max(1, real.size() / perTopic));
        List<float[]> drawn = new ArrayList<>();
        for (int i = 0; i < real.size(); i++) {
            drawn.add(synthetic.vector(i));
        }
        report("real MiniLM", real);
        report("synthetic embedding (" + Math.max(1, real.size() / perTopic) + " topics)", drawn);
        SyntheticEmbeddings uniform = SyntheticEmbeddings.of("random", real.get(0).length, 0);
        List<float[]> random = new ArrayList<>();
        for (int i = 0; i < real.size(); i++) {
            random.add(uniform.vector(i));
        }
        report("uniform random", random);
    }

    /** Indexes all but every tenth vector, which are the queries, and prints recall@10 per beam and the local dimension. */
    private static void report(String name, List<float[]> vectors) {
        VectorIndex index = new VectorIndex(vectors.get(0).length, new VectorIndex.Settings(VectorIndex.Settings.DEFAULTS.maxDegree(),
                VectorIndex.Settings.DEFAULTS.beamWidth(), BEAMS[0], 0, Integer.MAX_VALUE));
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            if (i % QUERY_EVERY == 0) {
                queries.add(vectors.get(i));
            } else {
                index.add(new VectorIndex.Row(i, OWNER, Instant.EPOCH, Set.of(), vectors.get(i)));
            }
        }
        index.build();
        List<List<VectorIndex.Hit>> exact = queries.stream().map(q -> index.exactSearch(q, 10, ALL)).toList();
        StringBuilder line = new StringBuilder(String.format("%-40s local dimension %.1f, similarity to 1st / 10th neighbour %.3f / %.3f; recall@10",
                name, localDimension(exact), mean(exact, 0), mean(exact, 9)));
        for (int beam : BEAMS) {
            int found = 0;
            for (int q = 0; q < queries.size(); q++) {
                Set<Long> truth = new HashSet<>(exact.get(q).stream().map(VectorIndex.Hit::rowId).toList());
                found += (int) index.search(queries.get(q), 10, ALL, beam).stream().filter(h -> truth.contains(h.rowId())).count();
            }
            line.append(String.format(" %.3f (beam %d)", found / (10.0 * queries.size()), beam));
        }
        System.out.println(line);
    }

    /** Levina and Bickel's estimate, averaged over the queries, from Euclidean distances of unit vectors. */
    private static double localDimension(List<List<VectorIndex.Hit>> exact) {
        double sum = 0;
        int used = 0;
        for (List<VectorIndex.Hit> hits : exact) {
            double farthest = distance(hits.get(hits.size() - 1));
            double logs = 0;
            for (int i = 0; i < hits.size() - 1; i++) {
                logs += Math.log(Math.max(1e-9, distance(hits.get(i))) / farthest);
            }
            if (logs < 0) {
                sum += -(hits.size() - 1) / logs;
                used++;
            }
        }
        return sum / Math.max(1, used);
    }

    private static double distance(VectorIndex.Hit hit) {
        return Math.sqrt(Math.max(0, 2 - 2 * hit.score()));
    }

    private static double mean(List<List<VectorIndex.Hit>> exact, int rank) {
        return exact.stream().mapToDouble(hits -> hits.get(rank).score()).average().orElse(0);
    }

    /** Distinct lines of at least five words from the Markdown, Java and text files under {@code root}, in path order. */
    private static List<String> lines(Path root, int count) throws IOException {
        Set<String> lines = new LinkedHashSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(md|java|txt)$"))
                    .filter(p -> Stream.of("target", "node_modules", ".git").noneMatch(skip -> p.toString().contains("/" + skip + "/")))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            try {
                for (String raw : Files.readAllLines(file)) {
                    String line = MARKERS.matcher(raw).replaceFirst("").strip();
                    if (PROSE.matcher(line).matches() && lines.size() < count) {
                        lines.add(line);
                    }
                }
            } catch (MalformedInputException notText) {
                // Not UTF-8 text: skipped.
            }
        }
        if (lines.size() < 100) {
            throw new IllegalArgumentException("found only " + lines.size() + " lines of prose under " + root);
        }
        return List.copyOf(lines);
    }
}
