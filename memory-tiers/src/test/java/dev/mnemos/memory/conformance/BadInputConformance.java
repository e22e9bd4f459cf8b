package dev.mnemos.memory.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.InvalidContentException;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.StoredText;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.recall.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad input: a clear refusal, and the store unchanged and sound. */
public abstract class BadInputConformance extends TenancyConformance {

    @Test
    void should_refuse_a_message_over_the_size_limit_saying_by_how_much() {
        AgentKey agent = agent();
        String huge = "x".repeat(StoredText.MAX_BYTES + 10);

        assertThat(failure(store().recall().append(agent, List.of(message("ok", Role.USER, "fine", 0), message("big", Role.USER, huge, 1)))))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("10 over");

        assertThat(await(store().recall().count(agent))).isZero();
    }

    @Test
    void should_accept_a_message_of_exactly_the_limit() {
        AgentKey agent = agent();
        // "é" is two bytes of UTF-8: the limit counts bytes, not characters.
        String full = "é".repeat(StoredText.MAX_BYTES / 2);

        await(store().recall().append(agent, List.of(message("full", Role.USER, full, 0))));

        assertThat(await(store().recall().byIds(agent, List.of("full"))).getFirst().content()).isEqualTo(full);
    }

    @Test
    void should_refuse_text_that_is_not_valid_unicode_everywhere() {
        AgentKey agent = agent();
        String lone = "half a pair: \uD83D and more";
        String reversed = "\uDE00\uD83D";

        assertThat(failure(store().recall().append(agent, List.of(message("m", Role.USER, lone, 0))))).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("surrogate");
        assertThat(failure(store().recall().append(agent, List.of(message("m", Role.USER, reversed, 0))))).isInstanceOf(InvalidContentException.class);
        assertThat(failure(store().recall().append(agent, List.of(message("m", Role.USER, "nul\u0000byte", 0))))).isInstanceOf(InvalidContentException.class);
        assertThat(failure(store().archival().insert(agent, SPACE, List.of(
                new Passage("p", lone, new float[] {1, 0, 0}, Set.of(), Map.of(), at(0)))))).isInstanceOf(InvalidContentException.class);
        assertThat(failure(store().blocks().create(agent, Block.of("notes", lone)))).isInstanceOf(InvalidContentException.class);
        await(store().blocks().create(agent, Block.of("human", "ok")));
        assertThat(failure(store().blocks().edit(agent, "human", new BlockEdit.Append(lone)))).isInstanceOf(InvalidContentException.class);
        assertThat(failure(store().interrupts().enqueue(agent, new QueuedInterrupt("i", "user_message", lone, at(0), at(0)))))
                .isInstanceOf(InvalidContentException.class);
        assertThat(failure(store().agents().create(new AgentRecord(new AgentKey(ORG_A, "named"), lone, null, null, null, 1, T0, null))))
                .isInstanceOf(InvalidContentException.class);

        assertThat(await(store().recall().count(agent))).isZero();
        assertThat(await(store().archival().count(agent))).isZero();
        assertThat(await(store().blocks().block(agent, "human")).orElseThrow().value()).isEqualTo("ok");
        assertThat(await(store().interrupts().nextDue(agent))).isNull();
        assertThat(await(store().agents().get(new AgentKey(ORG_A, "named")))).isEmpty();
        assertThat(await(store().checkIntegrity())).isEmpty();
    }

    @Test
    void should_keep_every_valid_character_exactly() {
        AgentKey agent = agent();
        String tricky = "quotes ' \" ` backslash \\ percent % underscore _ emoji 😀 CJK 漢字 RTL שלום zero-width \u200B tab\tnewline\n";

        await(store().recall().append(agent, List.of(message("m", Role.USER, tricky, 0))));

        assertThat(await(store().recall().byIds(agent, List.of("m"))).getFirst().content()).isEqualTo(tricky);
    }

    @Test
    void should_refuse_a_second_agent_of_the_same_key() {
        AgentKey agent = agent(ORG_A, "twice");
        assertThat(failure(store().agents().create(new AgentRecord(agent, null, null, null, null, 1, T0, null)))).isInstanceOf(MemoryException.class);
    }

    @Test
    void should_update_an_agent_only_from_its_current_version() {
        AgentKey key = agent(ORG_A, "versioned");
        AgentRecord stored = await(store().agents().get(key)).orElseThrow();

        AgentRecord renamed = await(store().agents().update(new AgentRecord(key, "Renamed", "chat", "{\"model\":\"x\"}", null, stored.version(),
                stored.createdAt(), null)));

        assertThat(renamed.version()).isEqualTo(stored.version() + 1);
        assertThat(renamed.name()).isEqualTo("Renamed");
        assertThat(failure(store().agents().update(renamed.version() == 2 ? stored : renamed))).isInstanceOf(MemoryException.class);
        assertThat(await(store().agents().delete(key))).isTrue();
        assertThat(await(store().agents().delete(key))).isFalse();
        assertThat(failure(store().agents().update(renamed))).isInstanceOf(dev.mnemos.memory.NoSuchAgentException.class);
    }
}
