package dev.mnemos.memory.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.InvalidContentException;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the conformance suite leaves to each engine, for PostgreSQL: migrations, exact instants, several nodes, its integrity check. */
class PostgresEngineTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private static final EmbeddingSpace SPACE = new EmbeddingSpace("test-3d", 3);

    @RegisterExtension
    static final FreshSchema postgres = new FreshSchema();

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(30));
    }

    private static AgentKey newAgent() {
        AgentKey key = new AgentKey("acme", "a-" + UUID.randomUUID());
        await(postgres.store().agents().create(new AgentRecord(key, null, null, null, null, 0, T0, null)));
        return key;
    }

    @Test
    void should_migrate_once_when_a_second_node_opens_the_same_schema() {
        long scripts = SqlResource.load("migrations/index").text().lines().filter(line -> !line.isBlank()).count();
        try (PostgresMemoryStore again = PostgresMemoryStore.open(postgres.settings())) {
            assertThat(again.schemaVersion()).isEqualTo(postgres.store().schemaVersion());
            assertThat((long) postgres.store().schemaVersion()).isEqualTo(scripts);
        }
        TestSchema.run(postgres.settings(), "SELECT 1 / (CASE WHEN count(*) = " + scripts + " THEN 1 ELSE 0 END) FROM schema_version");
    }

    @Test
    void should_migrate_once_when_several_nodes_open_a_new_schema_together() throws Exception {
        long scripts = SqlResource.load("migrations/index").text().lines().filter(line -> !line.isBlank()).count();
        PostgresSettings fresh = LocalServers.postgres();
        int nodes = 4;
        CyclicBarrier together = new CyclicBarrier(nodes);
        List<PostgresMemoryStore> opened = new CopyOnWriteArrayList<>();
        try (ExecutorService starting = Executors.newFixedThreadPool(nodes)) {
            List<Future<PostgresMemoryStore>> stores = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                stores.add(starting.submit(() -> {
                    together.await();
                    PostgresMemoryStore store = PostgresMemoryStore.open(fresh);
                    opened.add(store);
                    return store;
                }));
            }
            for (Future<PostgresMemoryStore> store : stores) {
                assertThat((long) store.get(2, TimeUnit.MINUTES).schemaVersion()).isEqualTo(scripts);
            }
            TestSchema.run(fresh, "SELECT 1 / (CASE WHEN count(*) = " + scripts + " THEN 1 ELSE 0 END) FROM schema_version");
        } finally {
            opened.forEach(PostgresMemoryStore::close);
            TestSchema.drop(fresh);
        }
    }

    @Test
    void should_give_the_planner_statistics_of_the_messages_when_asked_to_analyze() {
        AgentKey key = newAgent();
        await(postgres.store().recall().append(key, List.of(Message.of("m1", Role.USER, "hello there", T0, "s1"))));

        await(postgres.store().analyze());

        TestSchema.run(postgres.settings(), "SELECT 1 / (CASE WHEN count(*) > 0 THEN 1 ELSE 0 END) FROM pg_stats"
                + " WHERE schemaname = current_schema() AND tablename = 'messages'");
    }

    @Test
    void should_keep_instants_to_the_nanosecond_when_read_back() {
        AgentKey key = newAgent();
        await(postgres.store().recall().append(key, List.of(Message.of("m1", Role.USER, "hi", T0, "s1"))));
        assertThat(await(postgres.store().agents().get(key)).orElseThrow().createdAt()).isEqualTo(T0);
        assertThat(await(postgres.store().recall().byIds(key, List.of("m1"))).getFirst().createdAt()).isEqualTo(T0);
        RecallQuery exactlyFromT0 = new RecallQuery(null, T0, T0.plusNanos(1), Set.of(), RecallQuery.Order.OLDEST_FIRST, 0, 10);
        assertThat(await(postgres.store().recall().search(key, exactlyFromT0)).total()).isEqualTo(1);
    }

    @Test
    void should_refuse_a_date_the_store_cannot_keep_and_clamp_one_it_searches_by() {
        AgentKey key = newAgent();
        Instant far = Instant.parse("2500-01-01T00:00:00Z");
        assertThatThrownBy(() -> await(postgres.store().recall().append(key, List.of(Message.of("m1", Role.USER, "later", far, "s1")))))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("1677 to 2262");
        await(postgres.store().recall().append(key, List.of(Message.of("m2", Role.USER, "now", T0, "s2"))));
        RecallQuery always = new RecallQuery(null, Instant.MIN, Instant.MAX, Set.of(), RecallQuery.Order.NEWEST_FIRST, 0, 10);
        assertThat(await(postgres.store().recall().search(key, always)).messages()).extracting(Message::id).containsExactly("m2");
    }

    @Test
    void should_see_passages_another_node_wrote_when_searching_through_its_own_index() {
        AgentKey key = newAgent();
        float[] east = {1, 0, 0};
        try (PostgresMemoryStore other = PostgresMemoryStore.open(postgres.settings())) {
            await(postgres.store().archival().insert(key, SPACE, List.of(new Passage("p1", "north", new float[] {0, 1, 0}, Set.of(), Map.of(), T0))));
            assertThat(await(postgres.store().archival().search(key, SPACE, east, ArchivalQuery.top(1)))).extracting(s -> s.passage().id()).containsExactly("p1");

            await(other.archival().insert(key, SPACE, List.of(new Passage("p2", "east", east, Set.of(), Map.of(), T0))));
            assertThat(await(postgres.store().archival().search(key, SPACE, east, ArchivalQuery.top(1)))).extracting(s -> s.passage().id()).containsExactly("p2");

            await(other.archival().delete(key, "p2"));
            assertThat(await(postgres.store().archival().search(key, SPACE, east, ArchivalQuery.top(5)))).extracting(s -> s.passage().id()).containsExactly("p1");
        }
    }

    @Test
    void should_report_each_broken_invariant_when_rows_are_damaged_behind_its_back() {
        AgentKey key = newAgent();
        await(postgres.store().blocks().create(key, Block.of("persona", "I am")));
        await(postgres.store().recall().append(key, List.of(Message.of("m1", Role.USER, "one", T0, "s1"), Message.of("m2", Role.USER, "two", T0, "s1"))));
        assertThat(await(postgres.store().checkIntegrity())).isEmpty();

        String agent = "organization = '" + key.organization() + "' AND agent = '" + key.agent() + "'";
        TestSchema.run(postgres.settings(), "DELETE FROM block_versions WHERE " + agent);
        TestSchema.run(postgres.settings(), "DELETE FROM messages WHERE sequence = 1 AND " + agent);
        try {
            assertThat(await(postgres.store().checkIntegrity())).anySatisfy(p -> assertThat(p).contains("no stored version").contains(key + " persona"))
                    .anySatisfy(p -> assertThat(p).contains("not numbered 1..n").contains(key.toString()));
        } finally {
            await(postgres.store().agents().delete(key));
        }
        assertThat(await(postgres.store().checkIntegrity())).isEmpty();
    }
}
