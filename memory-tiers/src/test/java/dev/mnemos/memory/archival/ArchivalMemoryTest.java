package dev.mnemos.memory.archival;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivalMemoryTest {

    private static final AgentKey AGENT = new AgentKey("acme", "sam");

    @TempDir
    Path dir;

    private SqliteMemoryStore store;

    /** A stand-in model: letter counts folded into {@code dimension} buckets, so that similar texts get similar vectors. */
    private record LetterModel(int dimension) implements EmbeddingModel {
        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<Embedding> embeddings = new ArrayList<>();
            for (TextSegment segment : segments) {
                float[] v = new float[dimension];
                segment.text().chars().filter(Character::isLetter).forEach(c -> v[c % dimension] += 1);
                embeddings.add(Embedding.from(v));
            }
            return Response.from(embeddings);
        }
    }

    @BeforeEach
    void open() throws Exception {
        store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
        await(store.agents().create(new AgentRecord(AGENT, null, null, null, null, 1, Instant.now(), null)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.subscribe().withSubscriber(UniAssertSubscriber.<T>create()).awaitItem(java.time.Duration.ofMinutes(1)).getItem();
    }

    @Test
    void should_find_passages_by_meaning_with_the_default_in_process_model() {
        ArchivalMemory memory = ArchivalMemory.withDefaultModel(store.archival());
        await(memory.insert(AGENT, List.of("My cat sleeps on the sofa all afternoon.", "The quarterly tax return is due in April.",
                "Paris is the capital of France."), Set.of("facts")));

        List<ScoredPassage> results = await(memory.search(AGENT, "Where does the kitten nap?", ArchivalQuery.top(3)));

        assertThat(results).hasSize(3);
        assertThat(results.getFirst().passage().text()).contains("cat");
        assertThat(results.getFirst().passage().embedding()).hasSize(384);
        assertThat(results.getFirst().score()).isGreaterThan(results.get(1).score());
        assertThat(await(store.archival().space())).contains(ArchivalMemory.DEFAULT_SPACE);
    }

    @Test
    void should_refuse_a_model_of_another_space_until_everything_is_reembedded() {
        ArchivalMemory old = new ArchivalMemory(store.archival(), new LetterModel(8), new EmbeddingSpace("letters-8", 8), Clock.systemUTC());
        await(old.insert(AGENT, List.of("apples and pears", "zebra zoo", "banana bread"), Set.of()));
        ArchivalMemory next = new ArchivalMemory(store.archival(), new LetterModel(5), new EmbeddingSpace("letters-5", 5), Clock.systemUTC());

        assertThat(await(next.needsReembedding())).isTrue();
        assertThat(next.insert(AGENT, "more").subscribe().withSubscriber(UniAssertSubscriber.create()).awaitFailure().getFailure())
                .isInstanceOf(EmbeddingSpaceMismatchException.class).hasMessageContaining("letters-8");
        assertThat(next.search(AGENT, "zoo", ArchivalQuery.top(1)).subscribe().withSubscriber(UniAssertSubscriber.create()).awaitFailure()
                .getFailure()).isInstanceOf(EmbeddingSpaceMismatchException.class);

        List<ArchivalMemory.Progress> progress = new ArrayList<>();
        assertThat(await(next.reembed(progress::add))).isEqualTo(3);

        assertThat(progress).last().isEqualTo(new ArchivalMemory.Progress(3));
        assertThat(await(next.needsReembedding())).isFalse();
        assertThat(await(next.search(AGENT, "zebra zoo", ArchivalQuery.top(1))).getFirst().passage().embedding()).hasSize(5);
        assertThat(await(next.search(AGENT, "zebra zoo", ArchivalQuery.top(1))).getFirst().passage().text()).isEqualTo("zebra zoo");
        assertThat(await(next.reembed(progress::add))).isZero();
    }
}
