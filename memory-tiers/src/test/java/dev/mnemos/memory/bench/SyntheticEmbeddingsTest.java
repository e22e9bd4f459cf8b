package dev.mnemos.memory.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.VectorIndex;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticEmbeddingsTest {

    private static final int DIMENSION = 128;
    private static final AgentKey OWNER = new AgentKey("bench", "agent");
    private static final VectorIndex.Filter ALL = new VectorIndex.Filter(OWNER, Set.of(), null, null);

    @Test
    void should_draw_the_same_unit_vector_for_a_number_on_every_run() {
        float[] first = SyntheticEmbeddings.of("embedding", DIMENSION, 4).vector(17);
        float[] again = SyntheticEmbeddings.of("embedding", DIMENSION, 4).vector(17);

        assertThat(again).containsExactly(first);
        assertThat(norm(first)).isCloseTo(1, within(1e-5));
        assertThat(norm(SyntheticEmbeddings.of("random", DIMENSION, 0).vector(-3))).isCloseTo(1, within(1e-5));
        assertThatThrownBy(() -> SyntheticEmbeddings.of("clustered", DIMENSION, 4)).hasMessageContaining("embedding or random");
    }

    /** The benchmark's data through the graph (no exact fallback) at the default build settings. */
    @Test
    void should_let_the_graph_find_nearly_the_exact_top_10_of_embedding_shaped_vectors() {
        SyntheticEmbeddings vectors = SyntheticEmbeddings.of("embedding", DIMENSION, 6);
        VectorIndex.Settings defaults = VectorIndex.Settings.DEFAULTS;
        VectorIndex index = new VectorIndex(DIMENSION, new VectorIndex.Settings(defaults.maxDegree(), defaults.beamWidth(),
                defaults.searchBeam(), 0, Integer.MAX_VALUE));
        for (int i = 0; i < 3000; i++) {
            index.add(new VectorIndex.Row(i, OWNER, Instant.EPOCH, Set.of(), vectors.vector(i)));
        }
        index.build();
        int found = 0;
        for (int q = 1; q <= 100; q++) {
            Set<Long> exact = new HashSet<>(index.exactSearch(vectors.vector(-q), 10, ALL).stream().map(VectorIndex.Hit::rowId).toList());
            found += (int) index.search(vectors.vector(-q), 10, ALL).stream().filter(h -> exact.contains(h.rowId())).count();
        }

        assertThat(found / 1000.0).isGreaterThanOrEqualTo(0.9);
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }
}
