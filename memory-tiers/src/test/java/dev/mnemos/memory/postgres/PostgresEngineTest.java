package dev.mnemos.memory.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.InvalidContentException;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.StaleFenceException;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.EmbeddingSpaceMismatchException;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.core.BlockLimitExceededException;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.recall.ToolCall;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the conformance suite leaves to each engine, for PostgreSQL: migrations, exact instants, SQL and tsquery syntax as literal text. */
class PostgresEngineTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private static final EmbeddingSpace SPACE = new EmbeddingSpace("test-3d", 3);

    private static PostgresSettings settings;
    private static PostgresMemoryStore store;

    @BeforeAll
    static void open() {
        settings = LocalServers.postgres();
        store = PostgresMemoryStore.open(settings);
    }

    @AfterAll
    static void close() {
        store.close();
        TestSchema.drop(settings);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(20));
    }

    private static AgentKey newAgent(String organization) {
        AgentKey key = new AgentKey(organization, "a-" + UUID.randomUUID());
        await(store.agents().create(new AgentRecord(key, null, null, null, null, 0, T0, null)));
        return key;
    }

    private static Message message(String id, Role role, String content, Instant at) {
        return Message.of(id, role, content, at, "s0");
    }

    @Test
    void should_record_schema_version_once_when_opened_twice() {
        try (PostgresMemoryStore again = PostgresMemoryStore.open(settings)) {
            assertThat(again.schemaVersion()).isEqualTo(store.schemaVersion()).isEqualTo(2);
        }
    }

    @Test
    void should_keep_agent_exactly_when_created_and_read_back() {
        AgentKey key = newAgent("acme");
        AgentRecord read = await(store.agents().get(key)).orElseThrow();
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.state()).isEqualTo(AgentState.NEW);
        assertThatThrownBy(() -> await(store.agents().create(read))).isInstanceOf(MemoryException.class).hasMessageContaining("exists");
    }

    @Test
    void should_refuse_update_when_version_moved_on() {
        AgentKey key = newAgent("acme");
        AgentRecord read = await(store.agents().get(key)).orElseThrow();
        AgentRecord renamed = await(store.agents().update(new AgentRecord(key, "Ada", "chat", "{\"m\":1}", null, 1, T0, null)));
        assertThat(renamed.version()).isEqualTo(2);
        assertThat(renamed.name()).isEqualTo("Ada");
        assertThatThrownBy(() -> await(store.agents().update(read))).isInstanceOf(MemoryException.class).hasMessageContaining("version");
    }

    @Test
    void should_delete_every_row_of_agent_when_deleted() {
        AgentKey key = newAgent("acme");
        await(store.recall().append(key, List.of(message("m1", Role.USER, "hello", T0))));
        await(store.blocks().create(key, Block.of("persona", "I am")));
        assertThat(await(store.agents().delete(key))).isTrue();
        assertThat(await(store.agents().delete(key))).isFalse();
        assertThat(await(store.agents().get(key))).isEmpty();
        assertThatThrownBy(() -> await(store.recall().count(key))).isInstanceOf(NoSuchAgentException.class);
        assertThat(await(store.checkIntegrity())).isEmpty();
    }

    @Test
    void should_fail_with_no_such_agent_when_agent_is_unknown() {
        AgentKey ghost = new AgentKey("acme", "ghost-" + UUID.randomUUID());
        assertThatThrownBy(() -> await(store.recall().search(ghost, RecallQuery.newest(10)))).isInstanceOf(NoSuchAgentException.class);
        assertThatThrownBy(() -> await(store.blocks().blocks(ghost))).isInstanceOf(NoSuchAgentException.class);
        assertThatThrownBy(() -> await(store.archival().count(ghost))).isInstanceOf(NoSuchAgentException.class);
        assertThatThrownBy(() -> await(store.interrupts().due(ghost, T0, 10))).isInstanceOf(NoSuchAgentException.class);
        assertThatThrownBy(() -> await(store.commit(new StepCommit(ghost, "s1", 0, 1, null, null, null, null, AgentState.NEW, null, null))))
                .isInstanceOf(NoSuchAgentException.class);
    }

    @Test
    void should_not_read_across_organizations_when_agent_ids_are_equal() {
        AgentKey mine = newAgent("acme");
        AgentKey theirs = new AgentKey("globex", mine.agent());
        await(store.agents().create(new AgentRecord(theirs, null, null, null, null, 0, T0, null)));
        await(store.recall().append(mine, List.of(message("m1", Role.USER, "secret launch codes", T0))));
        await(store.blocks().create(mine, Block.of("human", "private")));
        await(store.archival().insert(mine, SPACE, List.of(new Passage("p1", "secret", new float[] {1, 0, 0}, Set.of(), Map.of(), T0))));

        assertThat(await(store.recall().search(theirs, RecallQuery.text("secret", 10))).messages()).isEmpty();
        assertThat(await(store.recall().byIds(theirs, List.of("m1")))).isEmpty();
        assertThat(await(store.blocks().blocks(theirs))).isEmpty();
        assertThat(await(store.archival().search(theirs, SPACE, new float[] {1, 0, 0}, ArchivalQuery.top(5)))).isEmpty();
        assertThat(await(store.agents().list("globex"))).extracting(AgentRecord::key).containsExactly(theirs);
    }

    @Test
    void should_version_block_edits_and_revert_when_asked() {
        AgentKey key = newAgent("acme");
        await(store.blocks().create(key, new Block("persona", "I am Sam.", 30, false, "who you are", 0)));
        await(store.blocks().edit(key, "persona", new BlockEdit.Append("I like tea.")));
        Block replaced = await(store.blocks().edit(key, "persona", new BlockEdit.Replace("tea", "coffee")));
        assertThat(replaced.value()).isEqualTo("I am Sam.\nI like coffee.");
        assertThat(replaced.version()).isEqualTo(3);

        assertThatThrownBy(() -> await(store.blocks().edit(key, "persona", new BlockEdit.Append("and much more"))))
                .isInstanceOf(BlockLimitExceededException.class).hasMessageContaining("8 over its limit of 30");

        Block reverted = await(store.blocks().revert(key, "persona", 1));
        assertThat(reverted.value()).isEqualTo("I am Sam.");
        assertThat(reverted.version()).isEqualTo(4);
        assertThat(await(store.blocks().history(key, "persona"))).extracting(v -> v.version()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void should_number_messages_and_store_each_id_once_when_appended_twice() {
        AgentKey key = newAgent("acme");
        Message call = new Message("m2", Role.ASSISTANT, "", List.of(new ToolCall("c1", "search", "{\"q\": \"a:b\"}")), null, null, T0, "s1", 0);
        List<Message> first = await(store.recall().append(key, List.of(message("m1", Role.USER, "hi", T0), call)));
        List<Message> again = await(store.recall().append(key, List.of(call, message("m3", Role.TOOL, "found", T0))));
        assertThat(first).extracting(Message::sequence).containsExactly(1L, 2L);
        assertThat(again).extracting(Message::sequence).containsExactly(2L, 3L);
        assertThat(await(store.recall().count(key))).isEqualTo(3);
        assertThat(await(store.recall().byIds(key, List.of("m2", "nope", "m1")))).containsExactly(call.withSequence(2), message("m1", Role.USER, "hi", T0).withSequence(1));
    }

    @Test
    void should_rank_full_text_matches_and_page_both_orders_when_searching() {
        AgentKey key = newAgent("acme");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(message("m" + i, i % 2 == 0 ? Role.USER : Role.ASSISTANT, "note " + i + (i == 7 ? " lemon lemon lemon" : i == 3 ? " lemon" : ""),
                    T0.plusSeconds(i)));
        }
        await(store.recall().append(key, messages));

        RecallPage lemons = await(store.recall().search(key, RecallQuery.text("lemon", 10)));
        assertThat(lemons.messages()).extracting(Message::id).containsExactly("m7", "m3");
        assertThat(lemons.total()).isEqualTo(2);

        RecallPage newest = await(store.recall().search(key, new RecallQuery(null, null, null, Set.of(Role.USER), RecallQuery.Order.NEWEST_FIRST, 1, 2)));
        assertThat(newest.messages()).extracting(Message::id).containsExactly("m6", "m4");
        assertThat(newest.total()).isEqualTo(5);

        RecallPage oldest = await(store.recall().search(key, new RecallQuery(null, T0.plusSeconds(2), T0.plusSeconds(5), Set.of(), RecallQuery.Order.OLDEST_FIRST, 0, 10)));
        assertThat(oldest.messages()).extracting(Message::id).containsExactly("m2", "m3", "m4");
        assertThat(await(store.recall().lastWrite(key))).contains(T0.plusSeconds(9));
    }

    @Test
    void should_search_literally_when_text_holds_sql_or_query_syntax() {
        AgentKey key = newAgent("acme");
        await(store.recall().append(key, List.of(message("m1", Role.USER, "robert'); DROP TABLE messages;-- & | !tables :x ?", T0))));
        for (String text : List.of("'); DROP TABLE messages;--", "robert & !tables", "\"unbalanced", "a:* | b", ":x ?", "((", "\\")) {
            RecallPage page = await(store.recall().search(key, RecallQuery.text(text, 10)));
            assertThat(page.total()).isLessThanOrEqualTo(1);
        }
        assertThat(await(store.recall().search(key, RecallQuery.text("DROP tables", 10))).messages()).extracting(Message::id).containsExactly("m1");
        assertThat(await(store.recall().count(key))).isEqualTo(1);
        assertThat(await(store.checkIntegrity())).isEmpty();
    }

    @Test
    void should_refuse_text_that_cannot_be_stored_when_appending() {
        AgentKey key = newAgent("acme");
        assertThatThrownBy(() -> await(store.recall().append(key, List.of(message("m1", Role.USER, "a\u0000b", T0)))))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> await(store.recall().append(key, List.of(message("m1", Role.USER, "bad \uD800 half", T0)))))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> await(store.recall().append(key, List.of(message("m1", Role.USER, "x".repeat(2_000_000), T0)))))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("over the limit");
        assertThat(await(store.recall().count(key))).isZero();
    }

    @Test
    void should_find_nearest_passages_with_filters_when_searching_archival() {
        AgentKey key = newAgent("acme");
        await(store.archival().insert(key, SPACE, List.of(
                new Passage("p1", "north", new float[] {0, 1, 0}, Set.of("geo"), Map.of("src", "atlas"), T0),
                new Passage("p2", "east", new float[] {1, 0, 0}, Set.of("geo", "sun"), Map.of(), T0.plusSeconds(1)),
                new Passage("p3", "north-east", new float[] {1, 1, 0}, Set.of(), Map.of(), T0.plusSeconds(2)))));

        List<ScoredPassage> all = await(store.archival().search(key, SPACE, new float[] {0.9f, 0.1f, 0}, ArchivalQuery.top(3)));
        assertThat(all).extracting(s -> s.passage().id()).containsExactly("p2", "p3", "p1");
        assertThat(all.get(0).score()).isBetween(0.99, 1.0);
        assertThat(all.get(2).passage().metadata()).containsEntry("src", "atlas");

        List<ScoredPassage> tagged = await(store.archival().search(key, SPACE, new float[] {1, 1, 0}, new ArchivalQuery(5, 0, Set.of("geo"), null, T0.plusSeconds(1))));
        assertThat(tagged).extracting(s -> s.passage().id()).containsExactly("p1");
        assertThat(await(store.archival().count(key))).isEqualTo(3);
        assertThat(await(store.archival().delete(key, "p1"))).isTrue();
        assertThat(await(store.archival().delete(key, "p1"))).isFalse();
        assertThat(await(store.archival().count(key))).isEqualTo(2);
    }

    @Test
    void should_refuse_other_embedding_space_when_inserting_or_searching() {
        AgentKey key = newAgent("acme");
        await(store.archival().insert(key, SPACE, List.of(new Passage("p1", "x", new float[] {1, 0, 0}, Set.of(), Map.of(), T0))));
        EmbeddingSpace other = new EmbeddingSpace("other", 4);
        assertThatThrownBy(() -> await(store.archival().insert(key, other, List.of(new Passage("p2", "y", new float[] {1, 0, 0, 0}, Set.of(), Map.of(), T0)))))
                .isInstanceOf(EmbeddingSpaceMismatchException.class);
        assertThatThrownBy(() -> await(store.archival().search(key, other, new float[] {1, 0, 0, 0}, ArchivalQuery.top(1))))
                .isInstanceOf(EmbeddingSpaceMismatchException.class);
        assertThat(await(store.archival().space())).contains(SPACE);
    }

    @Test
    void should_queue_each_interrupt_once_and_deliver_by_due_time() {
        AgentKey key = newAgent("acme");
        QueuedInterrupt later = new QueuedInterrupt("i1", "timer", "{}", T0.plusSeconds(60), T0);
        QueuedInterrupt now = new QueuedInterrupt("i2", "user_message", "{\"text\":\"hi\"}", T0, T0);
        await(store.interrupts().enqueue(key, later));
        await(store.interrupts().enqueue(key, now));
        await(store.interrupts().enqueue(key, now));
        assertThat(await(store.interrupts().due(key, T0.plusSeconds(61), 10))).containsExactly(now, later);
        assertThat(await(store.interrupts().due(key, T0, 10))).containsExactly(now);
        assertThat(await(store.interrupts().agentsWithDueInterrupts(T0, 1000))).contains(key);
        assertThat(await(store.interrupts().nextDue(key))).isEqualTo(T0);

        await(store.interrupts().acknowledge(key, List.of("i2", "unknown")));
        await(store.interrupts().enqueue(key, now));
        assertThat(await(store.interrupts().due(key, T0.plusSeconds(61), 10))).containsExactly(later);
    }

    @Test
    void should_write_everything_once_when_step_is_committed_twice() {
        AgentKey key = newAgent("acme");
        await(store.interrupts().enqueue(key, new QueuedInterrupt("i1", "user_message", "{}", T0, T0)));
        StepCommit step = new StepCommit(key, "step-1", 0, 1,
                List.of(message("m1", Role.USER, "hi", T0), message("m2", Role.ASSISTANT, "hello", T0)),
                List.of(Block.of("human", "likes tea")),
                SPACE, List.of(new Passage("p1", "tea", new float[] {1, 0, 0}, Set.of(), Map.of(), T0)),
                new AgentState("sleeping", "greeted", List.of("m1", "m2")),
                List.of("i1"), List.of(new QueuedInterrupt("hb", "heartbeat", "{}", T0, T0)));

        assertThat(await(store.commit(step))).isEqualTo(StepCommit.Outcome.COMMITTED);
        assertThat(await(store.commit(step))).isEqualTo(StepCommit.Outcome.ALREADY_COMMITTED);

        AgentRecord agent = await(store.agents().get(key)).orElseThrow();
        assertThat(agent.version()).isEqualTo(2);
        assertThat(agent.state().contextMessageIds()).containsExactly("m1", "m2");
        assertThat(await(store.recall().count(key))).isEqualTo(2);
        assertThat(await(store.archival().count(key))).isEqualTo(1);
        assertThat(await(store.blocks().history(key, "human"))).singleElement().satisfies(v -> assertThat(v.stepId()).isEqualTo("step-1"));
        assertThat(await(store.interrupts().due(key, T0, 10))).extracting(QueuedInterrupt::id).containsExactly("hb");
    }

    @Test
    void should_change_nothing_when_a_block_moved_on_since_the_step_read_it() {
        AgentKey key = newAgent("acme");
        Block read = await(store.blocks().create(key, Block.of("human", "v1")));
        await(store.blocks().edit(key, "human", new BlockEdit.Rethink("v2")));
        StepCommit step = new StepCommit(key, "step-1", 0, 1, List.of(message("m1", Role.USER, "hi", T0)),
                List.of(read.withValue("from the step")), null, null, AgentState.NEW, null, null);

        assertThatThrownBy(() -> await(store.commit(step))).isInstanceOf(MemoryException.class).hasMessageContaining("version");
        assertThat(await(store.recall().count(key))).isZero();
        assertThat(await(store.blocks().block(key, "human"))).hasValueSatisfying(b -> assertThat(b.value()).isEqualTo("v2"));
        assertThat(await(store.agents().get(key)).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void should_refuse_commit_when_fence_is_older_than_one_committed() {
        AgentKey key = newAgent("acme");
        assertThat(await(store.commit(new StepCommit(key, "b-1", 8, 1, List.of(message("m1", Role.USER, "from B", T0)), null, null, null, AgentState.NEW, null, null))))
                .isEqualTo(StepCommit.Outcome.COMMITTED);
        StepCommit late = new StepCommit(key, "a-1", 7, 2, List.of(message("m2", Role.USER, "from A", T0)), null, null, null, AgentState.NEW, null, null);
        assertThatThrownBy(() -> await(store.commit(late))).isInstanceOf(StaleFenceException.class).hasMessageContaining("fence 7");
        assertThat(await(store.recall().count(key))).isEqualTo(1);
    }

    @Test
    void should_see_passages_another_node_wrote_when_searching_through_its_own_index() {
        AgentKey key = newAgent("acme");
        float[] east = {1, 0, 0};
        try (PostgresMemoryStore other = PostgresMemoryStore.open(settings)) {
            await(store.archival().insert(key, SPACE, List.of(new Passage("p1", "north", new float[] {0, 1, 0}, Set.of(), Map.of(), T0))));
            assertThat(await(store.archival().search(key, SPACE, east, ArchivalQuery.top(1)))).extracting(s -> s.passage().id()).containsExactly("p1");

            await(other.archival().insert(key, SPACE, List.of(new Passage("p2", "east", east, Set.of(), Map.of(), T0))));
            assertThat(await(store.archival().search(key, SPACE, east, ArchivalQuery.top(1)))).extracting(s -> s.passage().id()).containsExactly("p2");

            await(other.archival().delete(key, "p2"));
            assertThat(await(store.archival().search(key, SPACE, east, ArchivalQuery.top(5)))).extracting(s -> s.passage().id()).containsExactly("p1");
        }
    }
}
