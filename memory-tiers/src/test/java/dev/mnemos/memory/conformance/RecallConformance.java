package dev.mnemos.memory.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.recall.ToolCall;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recall storage: appends, full-text search with literal words, dates, roles, paging, counts. */
public abstract class RecallConformance extends BlockConformance {

    protected static Message message(String id, Role role, String content, long second) {
        return Message.of(id, role, content, at(second), "step-" + id);
    }

    /** Stores {@code contents} as user messages m1, m2, ... one second apart. */
    protected List<Message> history(AgentKey agent, String... contents) {
        List<Message> messages = new java.util.ArrayList<>();
        for (int i = 0; i < contents.length; i++) {
            messages.add(message("m" + (i + 1), i % 2 == 0 ? Role.USER : Role.ASSISTANT, contents[i], i));
        }
        return await(store().recall().append(agent, messages));
    }

    private static List<String> ids(RecallPage page) {
        return page.messages().stream().map(Message::id).toList();
    }

    @Test
    void should_assign_sequences_in_order_and_keep_every_field() {
        AgentKey agent = agent();
        Message call = new Message("a1", Role.ASSISTANT, "", List.of(new ToolCall("c1", "archival_search", "{\"q\":\"tea\"}")), null, null,
                at(1), "s1", 0);
        Message result = new Message("t1", Role.TOOL, "[]", List.of(), "c1", "archival_search", at(2), "s1", 0);

        List<Message> stored = await(store().recall().append(agent, List.of(call, result)));

        assertThat(stored).extracting(Message::sequence).containsExactly(1L, 2L);
        assertThat(await(store().recall().byIds(agent, List.of("t1", "a1", "unknown")))).containsExactly(result.withSequence(2),
                call.withSequence(1));
        assertThat(await(store().recall().count(agent))).isEqualTo(2);
        assertThat(await(store().recall().lastWrite(agent))).contains(at(2));
    }

    @Test
    void should_store_a_message_once_when_appended_twice() {
        AgentKey agent = agent();
        Message hello = message("m1", Role.USER, "hello", 0);
        await(store().recall().append(agent, List.of(hello)));

        List<Message> again = await(store().recall().append(agent, List.of(hello, message("m2", Role.USER, "again", 1))));

        assertThat(again).extracting(Message::id, Message::sequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", 1L), org.assertj.core.groups.Tuple.tuple("m2", 2L));
        assertThat(await(store().recall().count(agent))).isEqualTo(2);
        assertThat(await(store().recall().append(agent, List.of()))).isEmpty();
    }

    @Test
    void should_produce_nothing_when_the_agent_has_no_messages() {
        AgentKey agent = agent();
        assertThat(await(store().recall().count(agent))).isZero();
        assertThat(await(store().recall().lastWrite(agent))).isEmpty();
        assertThat(await(store().recall().search(agent, RecallQuery.newest(10)))).isEqualTo(new RecallPage(List.of(), 0));
    }

    @Test
    void should_rank_full_text_matches_by_relevance() {
        AgentKey agent = agent();
        history(agent, "the weather is nice", "a long message that mentions tea once among many other words of no interest",
                "tea, tea and tea", "coffee only");

        RecallPage page = await(store().recall().search(agent, RecallQuery.text("tea", 10)));

        assertThat(page.total()).isEqualTo(2);
        assertThat(ids(page)).containsExactly("m3", "m2");
        assertThat(ids(await(store().recall().search(agent, RecallQuery.text("Weather", 10))))).containsExactly("m1");
    }

    @Test
    void should_require_every_word_of_the_search_text() {
        AgentKey agent = agent();
        history(agent, "green tea", "black tea", "green grass");

        assertThat(ids(await(store().recall().search(agent, RecallQuery.text("green tea", 10))))).containsExactly("m1");
        assertThat(ids(await(store().recall().search(agent, RecallQuery.text("tea green", 10))))).containsExactly("m1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"foo\" OR bar*", "'; DROP TABLE messages; --", "NEAR(a b)", "content:foo", "foo AND NOT bar", "(((",
            "\"", "'", "*", "^foo literal", "foo -bar", "a\\b", "%_%", "x:=1", "{a b}: c", "\u0000"})
    void should_search_hostile_text_as_literal_words_without_error(String hostile) {
        AgentKey agent = agent();
        history(agent, "nothing to see here", "the literal text is " + hostile.replace("\u0000", ""), "foo alone", "bar alone");

        RecallPage page = await(store().recall().search(agent, RecallQuery.text(hostile, 10)));

        // Every word of the hostile text is in m2 only (some of its words alone would match m3 or m4 too);
        // text without a single word matches nothing.
        boolean hasWords = hostile.codePoints().anyMatch(Character::isLetterOrDigit);
        assertThat(ids(page)).isEqualTo(hasWords ? List.of("m2") : List.of());
        assertThat(await(store().recall().count(agent))).isEqualTo(4);
        assertThat(await(store().checkIntegrity())).isEmpty();
    }

    @Test
    void should_find_words_with_quotes_and_operators_as_plain_words() {
        AgentKey agent = agent();
        history(agent, "she said OR maybe NEAR the door", "or near", "door");

        assertThat(ids(await(store().recall().search(agent, RecallQuery.text("\"OR\" NEAR(door)", 10))))).containsExactlyInAnyOrder("m1");
    }

    @Test
    void should_produce_an_empty_page_when_the_text_has_no_words() {
        AgentKey agent = agent();
        history(agent, "some words");

        assertThat(await(store().recall().search(agent, RecallQuery.text("!!! ... ;;", 10)))).isEqualTo(new RecallPage(List.of(), 0));
    }

    @Test
    void should_match_unicode_words() {
        AgentKey agent = agent();
        history(agent, "Viele Grüße aus Köln", "日本語 テキスト", "emoji 🎉 party", "plain ascii");

        assertThat(ids(await(store().recall().search(agent, RecallQuery.text("grüße", 10))))).containsExactly("m1");
        assertThat(ids(await(store().recall().search(agent, RecallQuery.text("KÖLN", 10))))).containsExactly("m1");
        assertThat(ids(await(store().recall().search(agent, RecallQuery.text("party 🎉", 10))))).containsExactly("m3");
        assertThat(await(store().recall().search(agent, RecallQuery.text("日本語", 10))).messages()).extracting(Message::id).containsExactly("m2");
    }

    @Test
    void should_filter_by_dates_with_from_inclusive_and_to_exclusive() {
        AgentKey agent = agent();
        history(agent, "zero tea", "one tea", "two tea", "three tea");

        RecallQuery window = new RecallQuery(null, at(1), at(3), Set.of(), RecallQuery.Order.OLDEST_FIRST, 0, 10);
        assertThat(ids(await(store().recall().search(agent, window)))).containsExactly("m2", "m3");
        assertThat(await(store().recall().search(agent, window)).total()).isEqualTo(2);

        RecallQuery text = new RecallQuery("tea", at(2), null, Set.of(), RecallQuery.Order.OLDEST_FIRST, 0, 10);
        assertThat(ids(await(store().recall().search(agent, text)))).containsExactlyInAnyOrder("m3", "m4");
    }

    @Test
    void should_filter_by_role() {
        AgentKey agent = agent();
        history(agent, "u1", "a1", "u2", "a2");

        RecallQuery users = new RecallQuery(null, null, null, Set.of(Role.USER), RecallQuery.Order.OLDEST_FIRST, 0, 10);
        assertThat(ids(await(store().recall().search(agent, users)))).containsExactly("m1", "m3");
        RecallQuery both = new RecallQuery(null, null, null, Set.of(Role.USER, Role.ASSISTANT), RecallQuery.Order.OLDEST_FIRST, 0, 10);
        assertThat(await(store().recall().search(agent, both)).total()).isEqualTo(4);
        RecallQuery tools = new RecallQuery(null, null, null, Set.of(Role.TOOL), RecallQuery.Order.OLDEST_FIRST, 0, 10);
        assertThat(await(store().recall().search(agent, tools))).isEqualTo(new RecallPage(List.of(), 0));
    }

    @Test
    void should_page_newest_first_and_oldest_first_with_totals() {
        AgentKey agent = agent();
        history(agent, "1", "2", "3", "4", "5");

        RecallPage newest = await(store().recall().search(agent, new RecallQuery(null, null, null, Set.of(), RecallQuery.Order.NEWEST_FIRST, 0, 2)));
        RecallPage second = await(store().recall().search(agent, new RecallQuery(null, null, null, Set.of(), RecallQuery.Order.NEWEST_FIRST, 2, 2)));
        RecallPage oldest = await(store().recall().search(agent, new RecallQuery(null, null, null, Set.of(), RecallQuery.Order.OLDEST_FIRST, 4, 2)));

        assertThat(ids(newest)).containsExactly("m5", "m4");
        assertThat(ids(second)).containsExactly("m3", "m2");
        assertThat(ids(oldest)).containsExactly("m5");
        assertThat(List.of(newest.total(), second.total(), oldest.total())).containsOnly(5L);
    }

    @Test
    void should_page_ranked_text_results_with_the_total_of_all_matches() {
        AgentKey agent = agent();
        history(agent, "tea one", "tea two", "tea three", "coffee");

        RecallPage first = await(store().recall().search(agent, new RecallQuery("tea", null, null, Set.of(), RecallQuery.Order.OLDEST_FIRST, 0, 2)));
        RecallPage rest = await(store().recall().search(agent, new RecallQuery("tea", null, null, Set.of(), RecallQuery.Order.OLDEST_FIRST, 2, 2)));
        RecallPage beyond = await(store().recall().search(agent, new RecallQuery("tea", null, null, Set.of(), RecallQuery.Order.OLDEST_FIRST, 9, 2)));

        assertThat(first.total()).isEqualTo(3);
        assertThat(rest.total()).isEqualTo(3);
        assertThat(beyond.messages()).isEmpty();
        assertThat(beyond.total()).isEqualTo(3);
        assertThat(java.util.stream.Stream.concat(ids(first).stream(), ids(rest).stream()).toList()).containsExactlyInAnyOrder("m1", "m2", "m3");
    }

    @Test
    void should_fail_every_recall_operation_when_the_agent_is_unknown() {
        AgentKey ghost = new AgentKey(ORG_A, "ghost");
        assertThat(failure(store().recall().append(ghost, List.of(message("m1", Role.USER, "x", 0))))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().recall().search(ghost, RecallQuery.newest(10)))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().recall().byIds(ghost, List.of("m1")))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().recall().count(ghost))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(store().recall().lastWrite(ghost))).isInstanceOf(NoSuchAgentException.class);
    }
}
