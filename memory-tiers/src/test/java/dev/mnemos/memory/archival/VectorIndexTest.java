package dev.mnemos.memory.archival;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.bench.SyntheticEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorIndexTest {

    private static final int DIMENSION = 32;
    /** Small limits, so that a few thousand rows take the graph path. */
    private static final VectorIndex.Settings GRAPH = new VectorIndex.Settings(16, 64, 64, 50, 100);
    private static final AgentKey ALICE = new AgentKey("acme", "alice");
    private static final AgentKey BOB = new AgentKey("acme", "bob");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final Random random = new Random(42);

    private float[] vector() {
        float[] v = new float[DIMENSION];
        for (int d = 0; d < DIMENSION; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return v;
    }

    private List<VectorIndex.Row> rows(int count) {
        List<VectorIndex.Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new VectorIndex.Row(i + 1, i % 4 == 0 ? BOB : ALICE, T0.plusSeconds(i), Set.of(i % 3 == 0 ? "three" : "other"), vector()));
        }
        return rows;
    }

    private static VectorIndex.Filter owner(AgentKey key) {
        return new VectorIndex.Filter(key, Set.of(), null, null);
    }

    private static double recallAt10(VectorIndex index, List<float[]> queries, VectorIndex.Filter filter) {
        return recallAt10(index, queries, filter, GRAPH.searchBeam());
    }

    private static double recallAt10(VectorIndex index, List<float[]> queries, VectorIndex.Filter filter, int beam) {
        int found = 0;
        for (float[] q : queries) {
            Set<Long> exact = new HashSet<>(index.exactSearch(q, 10, filter).stream().map(VectorIndex.Hit::rowId).toList());
            found += (int) index.search(q, 10, filter, beam).stream().filter(h -> exact.contains(h.rowId())).count();
        }
        return found / (10.0 * queries.size());
    }

    @Test
    void should_find_nearly_the_exact_top_10_through_the_graph_when_many_rows_match() {
        VectorIndex index = new VectorIndex(DIMENSION, GRAPH);
        rows(3000).forEach(index::add);
        index.build();
        List<float[]> queries = java.util.stream.Stream.generate(this::vector).limit(50).toList();

        assertThat(recallAt10(index, queries, owner(ALICE))).isGreaterThan(0.9);
        assertThat(recallAt10(index, queries, new VectorIndex.Filter(ALICE, Set.of("three"), T0.plusSeconds(100), null))).isGreaterThan(0.9);
    }

    @Test
    void should_walk_the_graph_with_the_beam_a_search_asks_for() {
        VectorIndex index = new VectorIndex(DIMENSION, GRAPH);
        rows(3000).forEach(index::add);
        index.build();
        List<float[]> queries = java.util.stream.Stream.generate(this::vector).limit(50).toList();

        double narrow = recallAt10(index, queries, owner(ALICE), 10);
        double wide = recallAt10(index, queries, owner(ALICE), 200);

        assertThat(wide).isGreaterThan(0.97).isGreaterThan(narrow);
    }

    @Test
    void should_apply_owner_tag_and_date_filters_to_every_hit() {
        VectorIndex index = new VectorIndex(DIMENSION, GRAPH);
        rows(2000).forEach(index::add);
        index.build();

        List<VectorIndex.Hit> hits = index.search(vector(), 50, new VectorIndex.Filter(BOB, Set.of("three"), T0.plusSeconds(500), T0.plusSeconds(1500)));

        assertThat(hits).isNotEmpty().allSatisfy(hit -> {
            long i = hit.rowId() - 1;
            assertThat(i % 4).isZero();
            assertThat(i % 3).isZero();
            assertThat(i).isBetween(500L, 1499L);
        });
        assertThat(index.search(vector(), 5, owner(new AgentKey("other", "alice")))).isEmpty();
    }

    @Test
    void should_search_rows_added_after_the_graph_was_built_and_forget_removed_ones() {
        VectorIndex index = new VectorIndex(DIMENSION, GRAPH);
        List<VectorIndex.Row> rows = rows(1000);
        rows.forEach(index::add);
        index.build();
        float[] late = vector();
        index.add(new VectorIndex.Row(5000, ALICE, T0, Set.of(), late));

        assertThat(index.search(late, 1, owner(ALICE)).getFirst().rowId()).isEqualTo(5000);

        index.remove(5000);
        index.remove(rows.get(1).rowId());
        assertThat(index.search(late, 10, owner(ALICE))).extracting(VectorIndex.Hit::rowId).doesNotContain(5000L);
        assertThat(index.search(rows.get(1).vector(), 10, owner(ALICE))).extracting(VectorIndex.Hit::rowId).doesNotContain(rows.get(1).rowId());
        assertThat(index.size()).isEqualTo(999);
    }

    @Test
    void should_reuse_a_saved_graph_and_add_rows_written_after_the_save() throws Exception {
        VectorIndex index = new VectorIndex(DIMENSION, GRAPH);
        List<VectorIndex.Row> rows = new ArrayList<>(rows(1500));
        rows.forEach(index::add);
        index.remove(rows.remove(7).rowId());
        Path file = dir.resolve("mnemos.db.vectors");
        index.save(file);
        VectorIndex.Row later = new VectorIndex.Row(9000, ALICE, T0, Set.of(), vector());
        rows.add(later);

        VectorIndex restored = VectorIndex.restore(file, DIMENSION, GRAPH, rows.iterator());

        assertThat(restored.size()).isEqualTo(rows.size());
        assertThat(restored.pending()).as("only the row written after the save waits for the graph").isEqualTo(1);
        assertThat(restored.search(later.vector(), 1, owner(ALICE)).getFirst().rowId()).isEqualTo(9000);
        float[] q = rows.get(100).vector();
        assertThat(restored.search(q, 10, owner(ALICE))).isEqualTo(index.search(q, 10, owner(ALICE)));
        index.add(later);
        index.build();
        assertThat(index.search(later.vector(), 1, owner(ALICE)).getFirst().rowId()).isEqualTo(9000);
    }

    @Test
    void should_search_a_graph_read_back_from_its_file_exactly_like_the_graph_as_built() throws Exception {
        // Embedding-shaped rows, 500 a topic, with the default degree and build beam: enough for the
        // neighbour lists to overflow the degree while building, which the save must not prune.
        SyntheticEmbeddings shape = SyntheticEmbeddings.of("embedding", 64, 40);
        VectorIndex.Settings settings = new VectorIndex.Settings(32, 64, 20, 50, 100);
        List<VectorIndex.Row> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(new VectorIndex.Row(i + 1, ALICE, T0, Set.of(), shape.vector(i)));
        }
        VectorIndex built = new VectorIndex(64, settings);
        rows.forEach(built::add);
        built.build();
        List<float[]> queries = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            queries.add(shape.vector(-i));
        }
        List<List<VectorIndex.Hit>> before = queries.stream().map(q -> built.search(q, 10, owner(ALICE), 10)).toList();
        double recallBefore = recallAt10(built, queries, owner(ALICE), 10);
        Path file = dir.resolve("mnemos.db.vectors");
        built.save(file);

        VectorIndex restored = VectorIndex.restore(file, 64, settings, rows.iterator());

        assertThat(restored.pending()).as("the graph came from the file").isZero();
        assertThat(recallAt10(restored, queries, owner(ALICE), 10)).isEqualTo(recallBefore);
        assertThat(queries.stream().map(q -> restored.search(q, 10, owner(ALICE), 10)).toList()).isEqualTo(before);
        assertThat(queries.stream().map(q -> built.search(q, 10, owner(ALICE), 10)).toList())
                .as("the saved index itself searches as before the save").isEqualTo(before);
    }

    @Test
    void should_rebuild_when_the_saved_graph_is_stale_damaged_or_of_another_dimension() throws Exception {
        VectorIndex index = new VectorIndex(DIMENSION, GRAPH);
        List<VectorIndex.Row> rows = new ArrayList<>(rows(800));
        rows.forEach(index::add);
        Path file = dir.resolve("mnemos.db.vectors");
        index.save(file);

        rows.remove(3); // deleted after the save: the file names a row that is gone
        VectorIndex stale = VectorIndex.restore(file, DIMENSION, GRAPH, rows.iterator());
        assertThat(stale.size()).isEqualTo(799);
        assertThat(stale.pending()).as("rebuilt: every row waits for the graph").isEqualTo(799);
        assertThat(stale.search(rows.get(5).vector(), 1, owner(rows.get(5).owner())).getFirst().rowId()).isEqualTo(rows.get(5).rowId());

        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(VectorIndex.restore(file, DIMENSION, GRAPH, rows.iterator()).size()).isEqualTo(799);

        assertThat(VectorIndex.restore(dir.resolve("missing"), DIMENSION, GRAPH, rows.iterator()).size()).isEqualTo(799);
    }

    @Test
    void should_score_by_cosine_whatever_the_vector_lengths() {
        VectorIndex index = new VectorIndex(2, VectorIndex.Settings.DEFAULTS);
        index.add(new VectorIndex.Row(1, ALICE, T0, Set.of(), new float[] {10, 0}));
        index.add(new VectorIndex.Row(2, ALICE, T0, Set.of(), new float[] {0.1f, 0.1f}));

        List<VectorIndex.Hit> hits = index.search(new float[] {3, 0}, 2, owner(ALICE));

        assertThat(hits).extracting(VectorIndex.Hit::rowId).containsExactly(1L, 2L);
        assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(hits.get(1).score()).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-6));
    }
}
