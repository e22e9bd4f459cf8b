package dev.mnemos.memory.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.EmbeddingSpaceMismatchException;
import dev.mnemos.memory.archival.OwnedPassage;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.archival.ScoredPassage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Archival storage: top-k by cosine similarity, filters by tag and date, one embedding space per store. */
public abstract class ArchivalConformance extends RecallConformance {

    protected static final EmbeddingSpace SPACE = new EmbeddingSpace("conformance-3d", 3);

    protected static Passage passage(String id, float[] vector, long second, String... tags) {
        return new Passage(id, "text of " + id, vector, Set.of(tags), Map.of("source", id + ".txt"), at(second));
    }

    private static List<String> ids(List<ScoredPassage> results) {
        return results.stream().map(r -> r.passage().id()).toList();
    }

    @Test
    void should_produce_the_top_k_passages_with_cosine_scores_best_first() {
        AgentKey agent = agent();
        await(store().archival().insert(agent, SPACE, List.of(
                passage("x", new float[] {1, 0, 0}, 0),
                passage("xy", new float[] {1, 1, 0}, 1),
                passage("y", new float[] {0, 2, 0}, 2),
                passage("minus-x", new float[] {-1, 0, 0}, 3))));

        List<ScoredPassage> top = await(store().archival().search(agent, SPACE, new float[] {2, 0, 0}, ArchivalQuery.top(3)));

        assertThat(ids(top)).containsExactly("x", "xy", "y");
        assertThat(top.get(0).score()).isCloseTo(1.0, within(1e-5));
        assertThat(top.get(1).score()).isCloseTo(Math.sqrt(0.5), within(1e-5));
        assertThat(top.get(2).score()).isCloseTo(0.0, within(1e-5));
        Passage stored = top.get(0).passage();
        assertThat(stored.text()).isEqualTo("text of x");
        assertThat(stored.metadata()).containsEntry("source", "x.txt");
        assertThat(stored.embedding()).containsExactly(1, 0, 0);
        assertThat(stored.createdAt()).isEqualTo(at(0));
        assertThat(await(store().archival().search(agent, SPACE, new float[] {-1, 0, 0}, ArchivalQuery.top(1))).getFirst().score())
                .isCloseTo(1.0, within(1e-5));
    }

    @Test
    void should_page_with_an_offset() {
        AgentKey agent = agent();
        await(store().archival().insert(agent, SPACE, List.of(passage("a", new float[] {1, 0, 0}, 0),
                passage("b", new float[] {1, 0.5f, 0}, 0), passage("c", new float[] {1, 2, 0}, 0))));

        assertThat(ids(await(store().archival().search(agent, SPACE, new float[] {1, 0, 0}, new ArchivalQuery(2, 1, Set.of(), null, null)))))
                .containsExactly("b", "c");
    }

    @Test
    void should_filter_by_any_of_the_tags_and_by_dates() {
        AgentKey agent = agent();
        await(store().archival().insert(agent, SPACE, List.of(
                passage("old-work", new float[] {1, 0, 0}, 0, "work"),
                passage("new-work", new float[] {1, 0.1f, 0}, 10, "work", "urgent"),
                passage("new-home", new float[] {1, 0.2f, 0}, 20, "home"),
                passage("untagged", new float[] {1, 0.3f, 0}, 30))));
        float[] q = {1, 0, 0};

        assertThat(ids(await(store().archival().search(agent, SPACE, q, new ArchivalQuery(10, 0, Set.of("work"), null, null)))))
                .containsExactly("old-work", "new-work");
        assertThat(ids(await(store().archival().search(agent, SPACE, q, new ArchivalQuery(10, 0, Set.of("urgent", "home"), null, null)))))
                .containsExactly("new-work", "new-home");
        assertThat(ids(await(store().archival().search(agent, SPACE, q, new ArchivalQuery(10, 0, Set.of(), at(10), at(30))))))
                .containsExactly("new-work", "new-home");
        assertThat(ids(await(store().archival().search(agent, SPACE, q, new ArchivalQuery(10, 0, Set.of("work"), at(5), null)))))
                .containsExactly("new-work");
        assertThat(await(store().archival().search(agent, SPACE, q, new ArchivalQuery(10, 0, Set.of("nowhere"), null, null)))).isEmpty();
    }

    @Test
    void should_skip_passages_whose_id_is_stored_and_count_and_delete() {
        AgentKey agent = agent();
        await(store().archival().insert(agent, SPACE, List.of(passage("a", new float[] {1, 0, 0}, 0))));
        await(store().archival().insert(agent, SPACE, List.of(passage("a", new float[] {0, 1, 0}, 5), passage("b", new float[] {0, 1, 0}, 7))));

        assertThat(await(store().archival().count(agent))).isEqualTo(2);
        assertThat(await(store().archival().lastWrite(agent))).contains(at(7));
        assertThat(await(store().archival().search(agent, SPACE, new float[] {1, 0, 0}, ArchivalQuery.top(1))).getFirst().passage().embedding())
                .containsExactly(1, 0, 0);
        assertThat(await(store().archival().delete(agent, "a"))).isTrue();
        assertThat(await(store().archival().delete(agent, "a"))).isFalse();
        assertThat(ids(await(store().archival().search(agent, SPACE, new float[] {1, 0, 0}, ArchivalQuery.top(5))))).containsExactly("b");
    }

    @Test
    void should_produce_nothing_for_an_agent_without_passages() {
        AgentKey agent = agent();
        assertThat(await(store().archival().search(agent, SPACE, new float[] {1, 0, 0}, ArchivalQuery.top(5)))).isEmpty();
        assertThat(await(store().archival().count(agent))).isZero();
        assertThat(await(store().archival().lastWrite(agent))).isEmpty();
    }

    @Test
    void should_refuse_vectors_of_another_space_or_dimension() {
        AgentKey agent = agent();
        await(store().archival().insert(agent, SPACE, List.of(passage("a", new float[] {1, 0, 0}, 0))));
        EmbeddingSpace other = new EmbeddingSpace("other-model", 4);

        assertThat(await(store().archival().space())).contains(SPACE);
        assertThat(failure(store().archival().insert(agent, other, List.of(passage("b", new float[] {1, 0, 0, 0}, 0)))))
                .isInstanceOf(EmbeddingSpaceMismatchException.class).hasMessageContaining("other-model");
        assertThat(failure(store().archival().insert(agent, SPACE, List.of(passage("c", new float[] {1, 0}, 0)))))
                .isInstanceOf(EmbeddingSpaceMismatchException.class);
        assertThat(failure(store().archival().search(agent, other, new float[] {1, 0, 0, 0}, ArchivalQuery.top(1))))
                .isInstanceOf(EmbeddingSpaceMismatchException.class);
        assertThat(failure(store().archival().search(agent, SPACE, new float[] {1, 0}, ArchivalQuery.top(1))))
                .isInstanceOf(EmbeddingSpaceMismatchException.class);
        assertThat(await(store().archival().count(agent))).isEqualTo(1);
    }

    @Test
    void should_store_a_batch_all_or_nothing() {
        AgentKey agent = agent();
        await(store().archival().insert(agent, SPACE, List.of(passage("a", new float[] {1, 0, 0}, 0))));

        failure(store().archival().insert(agent, SPACE, List.of(passage("b", new float[] {1, 0, 0}, 0), passage("c", new float[] {1, 0}, 0))));

        assertThat(await(store().archival().count(agent))).isEqualTo(1);
    }

    @Test
    void should_find_a_stored_vector_first_among_thousands() {
        Assumptions.assumeTrue(supportsApproximateIndex(), "the engine searches exactly");
        AgentKey agent = agent();
        EmbeddingSpace space = new EmbeddingSpace("conformance-random-16d", 16);
        Random random = new Random(7);
        List<Passage> passages = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            float[] v = new float[16];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian();
            }
            passages.add(new Passage("p" + i, "passage " + i, v, Set.of(i % 2 == 0 ? "even" : "odd"), Map.of(), at(i)));
        }
        for (int from = 0; from < passages.size(); from += 1000) {
            await(store().archival().insert(agent, space, passages.subList(from, from + 1000)));
        }

        for (int probe : new int[] {0, 1234, 5999}) {
            List<ScoredPassage> top = await(store().archival().search(agent, space, passages.get(probe).embedding(), ArchivalQuery.top(3)));
            assertThat(top.getFirst().passage().id()).isEqualTo("p" + probe);
            assertThat(top.getFirst().score()).isCloseTo(1.0, within(1e-4));
        }
        List<ScoredPassage> odd = await(store().archival().search(agent, space, passages.get(1234).embedding(),
                new ArchivalQuery(10, 0, Set.of("odd"), null, null)));
        assertThat(odd).hasSize(10).allSatisfy(r -> assertThat(r.passage().tags()).containsExactly("odd"));
    }

    @Test
    void should_scan_every_passage_and_switch_space_when_all_are_reembedded() {
        Assumptions.assumeTrue(supportsReembedding(), "the engine cannot re-embed");
        AgentKey a = agent();
        AgentKey b = agent(ORG_B, "other");
        await(store().archival().insert(a, SPACE, List.of(passage("a1", new float[] {1, 0, 0}, 0), passage("a2", new float[] {0, 1, 0}, 0))));
        await(store().archival().insert(b, SPACE, List.of(passage("b1", new float[] {0, 0, 1}, 0))));

        List<OwnedPassage> all = new ArrayList<>();
        for (List<OwnedPassage> page = await(store().archival().scan(null, 2)); !page.isEmpty();
                page = await(store().archival().scan(page.getLast(), 2))) {
            all.addAll(page);
        }
        assertThat(all).extracting(o -> o.passage().id()).containsExactly("a1", "a2", "b1");

        EmbeddingSpace next = new EmbeddingSpace("conformance-2d", 2);
        List<OwnedPassage> partial = List.of(reembed(all.get(0), new float[] {1, 0}));
        assertThat(failure(store().archival().replaceSpace(next, partial))).hasMessageContaining("re-embed again");
        assertThat(await(store().archival().space())).contains(SPACE);

        await(store().archival().replaceSpace(next, List.of(reembed(all.get(0), new float[] {1, 0}), reembed(all.get(1), new float[] {0, 1}),
                reembed(all.get(2), new float[] {1, 1}))));

        assertThat(await(store().archival().space())).contains(next);
        assertThat(ids(await(store().archival().search(a, next, new float[] {0, 1}, ArchivalQuery.top(1))))).containsExactly("a2");
        assertThat(failure(store().archival().search(a, SPACE, new float[] {0, 1, 0}, ArchivalQuery.top(1))))
                .isInstanceOf(EmbeddingSpaceMismatchException.class);
    }

    private static OwnedPassage reembed(OwnedPassage owned, float[] vector) {
        Passage p = owned.passage();
        return new OwnedPassage(owned.agent(), new Passage(p.id(), p.text(), vector, p.tags(), p.metadata(), p.createdAt()));
    }

    @Test
    void should_fail_every_archival_operation_when_the_agent_is_unknown() {
        AgentKey ghost = new AgentKey(ORG_A, "ghost");
        assertThat(failure(store().archival().insert(ghost, SPACE, List.of(passage("a", new float[] {1, 0, 0}, 0)))))
                .isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().archival().search(ghost, SPACE, new float[] {1, 0, 0}, ArchivalQuery.top(1))))
                .isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().archival().count(ghost))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().archival().lastWrite(ghost))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().archival().delete(ghost, "a"))).isInstanceOf(NoSuchAgentException.class);
    }
}
